package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.analyzer.VehiclePass;
import org.vistruct.analyzer.track.PlateVote;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordQuery;
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.storage.S3PictureStore;

/** The object store goes away mid-run: the record waits on disk, and is stored when the store is back. */
class RecordSpoolTest {
    @Test
    void aRecordWhosePicturesCannotBeStoredIsSpooledThenReplayed(@TempDir Path data) throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 9, (byte) 0xFF, (byte) 0xD9};
        VehiclePass pass = new VehiclePass("340200000013200000010219700101080001000000212345", 1_000, 2_000, 1_500, 500, new Box(1, 2, 3, 4), new PlateVote("皖AT022C", 99, true, 3, 3),
                ColorCode.BLUE, 95, VehicleClass.K33, 80, ColorCode.WHITE, 70, jpeg, jpeg, jpeg, false);
        RecordSpool spool = new RecordSpool(data.resolve("spool"));
        org.vistruct.core.StructuredRecord record;
        try (RecordIndex index = new RecordIndex(data.resolve("index"))) {
            EmbeddedS3Server server = new EmbeddedS3Server(data.resolve("objects"));
            S3PictureStore store = new S3PictureStore(server.settings("vistruct"), 2, 10);
            server.close(); // the store goes away
            RecordSink sink = new RecordSink(store, index, spool, ZoneId.of("Asia/Shanghai"), 0);
            record = sink.write(pass, "34020000001320000001", "/case/a.mp4");
            store.close();
            assertEquals(1, sink.spooled());
            assertEquals(0, index.count(), "not searchable without its pictures");
            assertEquals(1, spool.size());
        }
        try (EmbeddedS3Server server = new EmbeddedS3Server(data.resolve("objects"));
             S3PictureStore store = new S3PictureStore(server.settings("vistruct"), 2, 10);
             RecordIndex index = new RecordIndex(data.resolve("index"))) {
            assertEquals(1, spool.replay(store, index));
            assertEquals(0, spool.size());
            assertEquals(record, index.search(RecordQuery.all(10)).get(0));
            assertArrayEquals(jpeg, store.get(((MotorVehicle) record).storageUrl3()));
        }
    }
}
