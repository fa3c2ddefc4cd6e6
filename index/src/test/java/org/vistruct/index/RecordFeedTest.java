package org.vistruct.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateClass;
import org.vistruct.core.RecordType;
import org.vistruct.core.VehicleClass;

/**
 * The record feed under concurrent writers: provisional writes, finals, finals written again,
 * deletions and in-place rewrites, with a small in-memory tail so that readers cross from the index
 * to the tail and back. A reader following along and readers starting from the beginning afterwards
 * must each see every final record (the last final write of each id at least once), never a record
 * only ever provisional or deleted, and positions that only move forward.
 */
class RecordFeedTest {
    private static final String[] DEVICES = {"34020000001320000001", "34020000001320000002", "34020000001320000003"};

    @Test
    void readersSeeEveryFinalRecordInOrderAcrossTailAndIndex(@TempDir Path dir) throws Exception {
        feedUnderConcurrentWriters(dir, 50);
    }

    @Test
    void theIndexAloneServesTheFeedWhenTheTailHoldsNothing(@TempDir Path dir) throws Exception {
        feedUnderConcurrentWriters(dir, 0);
    }

    private static void feedUnderConcurrentWriters(Path dir, int tail) throws Exception {
        long seed = System.nanoTime();
        Map<String, MotorVehicle> finals = new ConcurrentHashMap<>();
        Set<String> deleted = ConcurrentHashMap.newKeySet(), provisionalOnly = ConcurrentHashMap.newKeySet();
        try (RecordIndex index = RecordIndex.durable(dir.resolve("index"), dir.resolve("journal"), tail)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            Set<String> followed = ConcurrentHashMap.newKeySet();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread follower = Thread.ofPlatform().start(() -> {
                Random rnd = new Random(seed ^ 1);
                long after = 0;
                try {
                    while (true) {
                        boolean last = !writing.get();
                        RecordIndex.FeedPage page = index.feed(after, RecordQuery.all(1).withTypes(Set.of(RecordType.MotorVehicle)), 1 + rnd.nextInt(20));
                        for (RecordIndex.FeedEntry e : page.entries()) {
                            if (e.position() <= after) problems.add("position " + e.position() + " after " + after);
                            after = e.position();
                            followed.add(e.record().id());
                        }
                        if (page.next() < after) problems.add("next " + page.next() + " before " + after);
                        after = page.next();
                        if (last && after >= index.feedHead()) return; // everything written has been read (the index's view may lag a moment)
                        if (rnd.nextInt(4) == 0) Thread.sleep(1);
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            });
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    Random rnd = new Random(seed + writer);
                    try {
                        for (int i = 0; i < 300; i++) {
                            String id = String.format("%s02%014d%05d02%05d", DEVICES[rnd.nextInt(DEVICES.length)], 20261129080000L, writer, i);
                            MotorVehicle v = vehicle(id, rnd, 0);
                            int what = rnd.nextInt(10);
                            if (what == 0) { // only ever provisional
                                index.add(v, RecordIndex.PROVISIONAL);
                                provisionalOnly.add(id);
                            } else if (what == 1) { // final, then deleted
                                index.add(v, RecordIndex.FINAL);
                                index.delete(id);
                                deleted.add(id);
                            } else {
                                if (rnd.nextBoolean()) index.add(vehicle(id, rnd, 1), RecordIndex.PROVISIONAL);
                                index.add(v, RecordIndex.FINAL);
                                if (what == 2) { // written again (a copy completing it)
                                    v = vehicle(id, rnd, 2);
                                    index.add(v, RecordIndex.FINAL);
                                } else if (what == 3) { // changed in place (retention), keeps its place
                                    v = vehicle(id, rnd, 3);
                                    index.rewrite(v);
                                }
                                finals.put(id, v);
                            }
                        }
                    } catch (Exception e) {
                        problems.add(e.toString());
                    }
                }));
            }
            for (Thread t : writers) t.join();
            writing.set(false);
            follower.join();
            assertTrue(problems.isEmpty(), "seed " + seed + ": " + problems);
            assertTrue(followed.containsAll(finals.keySet()), "seed " + seed + ": the follower missed " + missing(finals.keySet(), followed));
            for (String id : followed) assertTrue(!provisionalOnly.contains(id), "seed " + seed + ": provisional record " + id + " fed");

            // readers starting from the beginning now: through the index first (the tail holds only the newest 50), then the tail
            for (int limit : new int[] {1, 7, 100}) {
                Map<String, MotorVehicle> read = new java.util.HashMap<>();
                for (RecordIndex.FeedEntry e : readAll(index, RecordQuery.all(1), limit, seed)) {
                    assertTrue(read.put(e.record().id(), (MotorVehicle) e.record()) == null, "seed " + seed + ": " + e.record().id() + " read twice from a settled feed");
                }
                assertEquals(Set.of(), missing(finals.keySet(), read.keySet()), "seed " + seed + " limit " + limit + ": final records not read");
                assertEquals(Set.of(), missing(read.keySet(), finals.keySet()), "seed " + seed + " limit " + limit + ": records read that are not final");
                for (var e : finals.entrySet()) assertEquals(e.getValue(), read.get(e.getKey()), "seed " + seed + ": the last version of " + e.getKey());
            }
            Set<String> oneDevice = new HashSet<>();
            for (var e : finals.entrySet()) if (e.getValue().deviceId().equals(DEVICES[0])) oneDevice.add(e.getKey());
            Set<String> read = new HashSet<>();
            for (RecordIndex.FeedEntry e : readAll(index, new RecordQuery(null, null, null, null, Set.of(DEVICES[0]), null, null, 1), 13, seed)) read.add(e.record().id());
            assertEquals(oneDevice, read, "seed " + seed + ": a device filter");
            assertEquals(finals.size(), index.feedCount(0, RecordQuery.all(1)), "seed " + seed + ": count");
        }
    }

    /** Reads the feed from its start to its head, as a lane does (an empty page while the index's view catches up is waited out). */
    private static List<RecordIndex.FeedEntry> readAll(RecordIndex index, RecordQuery filter, int limit, long seed) throws Exception {
        List<RecordIndex.FeedEntry> out = new ArrayList<>();
        long after = 0, deadline = System.currentTimeMillis() + 10_000;
        while (after < index.feedHead()) {
            assertTrue(System.currentTimeMillis() < deadline, "seed " + seed + ": the feed stopped at " + after + " of " + index.feedHead());
            RecordIndex.FeedPage page = index.feed(after, filter, limit);
            for (RecordIndex.FeedEntry e : page.entries()) {
                assertTrue(e.position() > after, "seed " + seed + ": positions move forward");
                after = e.position();
                out.add(e);
            }
            assertTrue(page.next() >= after, "seed " + seed + ": next moves forward");
            after = page.next();
            if (page.entries().isEmpty()) Thread.sleep(20);
        }
        return out;
    }

    private static Set<String> missing(Set<String> expected, Set<String> got) {
        Set<String> m = new HashSet<>(expected);
        m.removeAll(got);
        return m;
    }

    private static MotorVehicle vehicle(String id, Random rnd, int variant) {
        long t = 1_795_219_200_000L + rnd.nextInt(86_400) * 1000L;
        return new MotorVehicle(id, id.substring(0, 20), t, t, t + variant, "皖A" + (10000 + rnd.nextInt(90000)), ColorCode.BLUE, PlateClass.SMALL, 90 + variant,
                VehicleClass.K33, 80, ColorCode.WHITE, 70, new Box(1, 2, 30, 40), null, null, variant == 3 ? null : "k/" + id + "-scene.jpg", null, 0);
    }
}
