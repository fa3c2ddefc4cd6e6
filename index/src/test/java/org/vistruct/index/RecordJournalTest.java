package org.vistruct.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;

/**
 * The journal: what was added survives the writer being dropped without a commit (a killed
 * process), exactly, also when added from many threads between commits; a torn last entry is cut
 * away and what follows it is written and replayed; versions keep a replay from going backwards.
 */
class RecordJournalTest {
    private static MotorVehicle vehicle(int i, int reliability) {
        long t = 1_700_000_000_000L + i * 1000L;
        return new MotorVehicle(String.format("R%08d", i), "34020000001320000001", t, t, t, "皖A" + String.format("%05d", i), ColorCode.BLUE, null,
                reliability, VehicleClass.K33, 80, ColorCode.WHITE, 80, new Box(1, 2, 3, 4), "k/2026/01/01/00/a-vehicle.jpg", null, null, "/c.mp4", i * 40L);
    }

    @Test
    void whatWasAddedSurvivesAKillWithoutCommitAndATornTail(@TempDir Path dir) throws Exception {
        Path idx = dir.resolve("index"), jr = dir.resolve("journal");
        List<StructuredRecord> added = new ArrayList<>();
        RecordIndex index = RecordIndex.durable(idx, jr);
        for (int i = 0; i < 50; i++) {
            MotorVehicle v = vehicle(i, 90);
            index.add(v);
            added.add(v);
        }
        index.commit();
        // from 8 threads, with a commit in the middle, then killed
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<StructuredRecord>> fs = new ArrayList<>();
        for (int i = 50; i < 450; i++) {
            int n = i;
            fs.add(pool.submit(() -> {
                StructuredRecord r = n % 3 == 0 ? face(n) : vehicle(n, 90);
                index.add(r);
                if (n == 250) index.commit();
                return r;
            }));
        }
        for (Future<StructuredRecord> f : fs) added.add(f.get());
        pool.shutdown();
        index.add(vehicle(7, 99), RecordIndex.PROVISIONAL); // a later provisional write of record 7
        added.set(7, vehicle(7, 99));
        index.abandon();

        RecordIndex again = RecordIndex.durable(idx, jr);
        assertTrue(again.replayed() > 0, "entries after the last commit were applied");
        assertEquals(added.size(), again.count());
        for (StructuredRecord r : added) assertEquals(r, again.get(r.id()), r.id());
        assertEquals(RecordIndex.PROVISIONAL, again.versionOf("R00000007"));
        assertFalse(again.addIfNewer(vehicle(7, 10), 0), "an older version never goes over a newer one");
        assertTrue(again.addIfNewer(vehicle(7, 100), RecordIndex.FINAL));
        again.abandon();

        // a crash in the middle of writing an entry: garbage at the end of the last segment
        Path last;
        try (Stream<Path> s = Files.list(jr)) {
            last = s.sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (FileChannel c = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            c.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 9, 9, 9}));
        }
        RecordIndex third = RecordIndex.durable(idx, jr);
        assertEquals(100, ((MotorVehicle) third.get("R00000007")).plateReliability(), "everything before the torn entry");
        third.add(vehicle(9999, 77));
        third.abandon();
        RecordIndex fourth = RecordIndex.durable(idx, jr);
        assertEquals(77, ((MotorVehicle) fourth.get("R00009999")).plateReliability(), "what came after the torn entry was not hidden by it");
        fourth.delete("R00000001");
        fourth.abandon();
        try (RecordIndex fifth = RecordIndex.durable(idx, jr)) {
            assertNull(fifth.get("R00000001"), "deletions are journaled too");
            assertEquals(added.size(), fifth.count());
        }
    }

    @Test
    void numbersContinueAcrossRestartsAfterACommitLeftTheJournalEmpty(@TempDir Path dir) throws Exception {
        Path idx = dir.resolve("index"), jr = dir.resolve("journal");
        try (RecordIndex index = RecordIndex.durable(idx, jr)) {
            for (int i = 0; i < 30; i++) index.add(vehicle(i, 90));
        } // closed: committed, the journal left empty
        for (int life = 0; life < 3; life++) {
            RecordIndex index = RecordIndex.durable(idx, jr);
            index.add(vehicle(100 + life, 90)); // written after a restart, then killed before a commit
            index.abandon();
        }
        try (RecordIndex index = RecordIndex.durable(idx, jr)) {
            for (int life = 0; life < 3; life++) assertEquals(90, ((MotorVehicle) index.get(String.format("R%08d", 100 + life))).plateReliability());
            assertEquals(33, index.count());
        }
    }

    @Test
    void commitsDropTheJournalTheyHold(@TempDir Path dir) throws Exception {
        Path jr = dir.resolve("journal");
        try (RecordIndex index = RecordIndex.durable(dir.resolve("index"), jr)) {
            Random rnd = new Random(1);
            for (int i = 0; i < 2000; i++) index.add(vehicle(rnd.nextInt(100_000), 90));
            index.commit();
            long bytes;
            try (Stream<Path> s = Files.list(jr)) {
                bytes = s.mapToLong(p -> p.toFile().length()).sum();
            }
            assertEquals(0, bytes, "a commit leaves nothing to replay");
        }
    }

    private static Face face(int i) {
        float[] f = new float[128];
        f[i % 128] = 1;
        long t = 1_700_000_000_000L + i * 1000L;
        return new Face(String.format("F%08d", i), "34020000001320000001", t, t, t, new Box(1, 2, 3, 4), f, 80, null, "k/2026/01/01/00/f-face.jpg", null, null, 0);
    }
}
