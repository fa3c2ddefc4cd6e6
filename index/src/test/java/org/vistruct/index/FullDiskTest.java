package org.vistruct.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;
import org.vistruct.testservers.SmallFilesystem;

/**
 * The index on a real 16 MB file system that fills up: writes fail (never acknowledged), a commit
 * kills the writer, searches go on over the last view, and once space is freed the writer is
 * reopened from the last commit and the journal with every acknowledged record, without a restart.
 */
class FullDiskTest {
    private static MotorVehicle vehicle(int i) {
        long t = 1_700_000_000_000L + i * 1000L;
        return new MotorVehicle(String.format("R%08d", i), "34020000001320000001", t, t, t, "皖A" + String.format("%05d", i % 100000), ColorCode.BLUE, null, 90,
                VehicleClass.K33, 80, ColorCode.WHITE, 80, new Box(1, 2, 3, 4), "k/2026/01/01/00/" + "x".repeat(200) + i + "-vehicle.jpg", null, null, "/c.mp4", i);
    }

    @Test
    void aFullDiskStopsWritesNotSearchesAndRecoveryLosesNothing() throws Exception {
        SmallFilesystem fs = SmallFilesystem.mount(Files.createTempDirectory("vistruct-full"), 16);
        assumeTrue(fs != null, "needs a tmpfs mount (root)");
        try (fs) {
            Path idx = fs.dir().resolve("index"), jr = fs.dir().resolve("journal");
            List<String> acked = new ArrayList<>();
            RecordIndex index = RecordIndex.durable(idx, jr);
            for (int i = 0; i < 200; i++) {
                index.add(vehicle(i));
                acked.add(vehicle(i).id());
            }
            index.commit();
            fs.fillTo(256 << 10);
            int refused = 0;
            for (int i = 200; i < 20_000 && refused < 50; i++) {
                try {
                    index.add(vehicle(i));
                    acked.add(vehicle(i).id());
                } catch (IOException full) {
                    refused++;
                }
            }
            try {
                index.commit(); // with no room the flush fails, and the writer stops
            } catch (IOException expected) {
                // the writer's tragedy, reported
            }
            System.out.printf("full disk: %d records acknowledged, then %d writes refused; writer healthy: %s%n", acked.size(), refused, index.healthy());
            assertTrue(refused > 0, "the disk did fill");
            assertNotNull(index.get(acked.getFirst()), "searches go on");
            fs.free();
            index.recover();
            assertTrue(index.healthy());
            for (String id : acked) assertNotNull(index.get(id), "acknowledged " + id);
            index.add(vehicle(50_000));
            index.abandon();
            try (RecordIndex again = RecordIndex.durable(idx, jr)) {
                for (String id : acked) assertNotNull(again.get(id), "acknowledged " + id + " after a restart too");
                assertNotNull(again.get(vehicle(50_000).id()));
                assertEquals(acked.size() + 1, again.count());
            }
        }
    }
}
