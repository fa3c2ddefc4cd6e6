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
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.storage.S3PictureStore;

/**
 * The object store goes away mid-run: records wait on disk and are stored when it is back; a
 * provisional record spooled while the store was away never replaces (record or pictures) the
 * final form of the same vehicle that was stored directly after it came back.
 */
class RecordSpoolTest {
    private static final byte[] OLD = {(byte) 0xFF, (byte) 0xD8, 1, (byte) 0xFF, (byte) 0xD9}, NEW = {(byte) 0xFF, (byte) 0xD8, 2, (byte) 0xFF, (byte) 0xD9};
    private static final String ID = "340200000013200000010219700101080001000000212345", OTHER = "340200000013200000010219700101080002000000212346";

    private static VehiclePass pass(String id, int reliability, byte[] jpeg, boolean provisional) {
        return new VehiclePass(id, 1_000, 2_000, 1_500, 500, new Box(1, 2, 3, 4), new PlateVote("皖AT022C", reliability, true, 3, 3),
                ColorCode.BLUE, 95, VehicleClass.K33, 80, ColorCode.WHITE, 70, jpeg, jpeg, jpeg, provisional);
    }

    @Test
    void spooledRecordsAreStoredLaterAndNeverOverAFinalOne(@TempDir Path data) throws Exception {
        RecordSpool spool = new RecordSpool(data.resolve("spool"));
        DiskGuard disk = new DiskGuard(data, 0);
        try (RecordIndex index = RecordIndex.durable(data.resolve("index"), data.resolve("journal"))) {
            EmbeddedS3Server server = new EmbeddedS3Server(data.resolve("objects"));
            S3PictureStore store = new S3PictureStore(server.settings("vistruct"), 2, 10);
            server.close(); // the store goes away
            RecordSink sink = new RecordSink(store, index, spool, disk, ZoneId.of("Asia/Shanghai"));
            sink.write(pass(ID, 96, OLD, true), "34020000001320000001", "/case/a.mp4");
            sink.write(pass(OTHER, 90, OLD, false), "34020000001320000001", "/case/a.mp4");
            store.close();
            assertEquals(1, sink.spooled(), "only final records are counted");
            assertEquals(0, index.count(), "not searchable without its pictures");
            assertEquals(2, spool.size());
        }
        try (EmbeddedS3Server server = new EmbeddedS3Server(data.resolve("objects"));
             S3PictureStore store = new S3PictureStore(server.settings("vistruct"), 2, 10);
             RecordIndex index = RecordIndex.durable(data.resolve("index"), data.resolve("journal"))) {
            RecordSink sink = new RecordSink(store, index, spool, disk, ZoneId.of("Asia/Shanghai"));
            // the store is back: the vehicle leaves, its final record is stored directly
            MotorVehicle fin = (MotorVehicle) sink.write(pass(ID, 98, NEW, false), "34020000001320000001", "/case/a.mp4");
            assertEquals(2, sink.drainSpool());
            assertEquals(0, spool.size());
            assertEquals(1, spool.superseded.sum(), "the stale provisional record was dropped");
            assertEquals(fin, index.get(ID), "the final record stays");
            assertEquals(98, ((MotorVehicle) index.get(ID)).plateReliability());
            assertArrayEquals(NEW, store.get(fin.storageUrl3()), "and so do its pictures");
            MotorVehicle other = (MotorVehicle) index.get(OTHER);
            assertNotNull(other, "the other spooled record is stored");
            assertArrayEquals(OLD, store.get(other.storageUrl3()));
            assertEquals(RecordIndex.FINAL, index.versionOf(ID));
        }
    }
}
