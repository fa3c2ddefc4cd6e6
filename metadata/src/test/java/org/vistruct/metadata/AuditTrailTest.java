package org.vistruct.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuditTrailTest {
    static List<String> engines() { return Databases.engines(); }

    @ParameterizedTest
    @MethodSource("engines")
    void concurrentAppendsFormOneUnbrokenChain(String engine) throws Exception {
        try (MetadataDatabase db = Databases.fresh(engine); AuditTrail audit = new AuditTrail(db)) {
            ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        seqs.add(audit.append(AuditTrail.Entry.of(1_000_000L + i, "user" + thread, "127.0.0.1", "search", null, "plate=皖A*|x\n" + i, i, 200)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
            pool.shutdown();
            Set<Long> distinct = new HashSet<>(seqs);
            assertEquals(2000, distinct.size(), "every append got its own sequence number");
            assertEquals(1L, distinct.stream().min(Long::compare).orElseThrow());
            assertEquals(2000L, distinct.stream().max(Long::compare).orElseThrow());
            AuditTrail.Verification v = audit.verify();
            assertTrue(v.intact(), () -> "chain intact: " + v.problems());
            assertEquals(2000, v.entries());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void alteredRemovedAndTruncatedEntriesAreReportedAndTheRestStaysReadable(String engine) throws Exception {
        Path dir = Files.createTempDirectory("vistruct-audit");
        try (MetadataDatabase db = Databases.open(engine, dir); AuditTrail audit = new AuditTrail(db)) {
            for (int i = 0; i < 50; i++) audit.append(AuditTrail.Entry.of(1000 + i, "alice", "10.0.0.1", "picture", "k" + i, null, 1, 200));
            // someone edits entry 10 in the database, deletes entry 20 and the last two
            db.write(c -> Sql.update(c, "UPDATE audit SET user_name = 'mallory' WHERE seq = 10"));
            db.write(c -> Sql.update(c, "DELETE FROM audit WHERE seq = 20"));
            db.write(c -> Sql.update(c, "DELETE FROM audit WHERE seq >= 49"));
            AuditTrail.Verification v = audit.verify();
            assertFalse(v.intact());
            List<String> seen = v.problems().stream().map(p -> p.seq() + ": " + p.what()).toList();
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("10: altered")), seen::toString);
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("21: entries 20-20 are missing")), seen::toString);
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("21: does not link")), seen::toString);
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("50: the chain's head names entry 50")), seen::toString);
            assertEquals(4, v.problems().size(), seen::toString);
            // still readable, also the altered entry
            assertEquals(1, audit.find(new AuditTrail.Query("mallory", null, null, null, null, 10)).size());
            assertEquals(47, audit.find(new AuditTrail.Query(null, "picture", null, null, null, 100)).size());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void queriesAgreeWithAPlainFilterOverRandomEntries(String engine) throws Exception {
        Random rnd = new Random(42);
        String[] users = {"alice", "bob", "carol", "dave"}, actions = {"search", "picture", "record", "face-search", "refused"};
        List<AuditTrail.Entry> all = new ArrayList<>();
        try (MetadataDatabase db = Databases.fresh(engine); AuditTrail audit = new AuditTrail(db)) {
            List<AuditTrail.Entry> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                AuditTrail.Entry e = AuditTrail.Entry.of(rnd.nextInt(100_000), users[rnd.nextInt(users.length)], "10.0.0." + rnd.nextInt(9),
                        actions[rnd.nextInt(actions.length)], rnd.nextInt(4) == 0 ? null : "T" + rnd.nextInt(30), "q" + i, rnd.nextInt(10), 200);
                batch.add(e);
            }
            audit.appendAll(batch);
            all.addAll(audit.find(new AuditTrail.Query(null, null, null, null, null, 10_000)));
            assertEquals(3000, all.size());
            for (int round = 0; round < 200; round++) {
                String u = rnd.nextBoolean() ? users[rnd.nextInt(users.length)] : null;
                String a = rnd.nextBoolean() ? actions[rnd.nextInt(actions.length)] : null;
                String t = rnd.nextInt(3) == 0 ? "T" + rnd.nextInt(30) : null;
                Long from = rnd.nextBoolean() ? (long) rnd.nextInt(100_000) : null;
                Long to = rnd.nextBoolean() ? (long) rnd.nextInt(100_000) : null;
                int limit = 1 + rnd.nextInt(50);
                List<Long> expected = all.stream().filter(e -> (u == null || u.equals(e.user())) && (a == null || a.equals(e.action()))
                                && (t == null || t.equals(e.target())) && (from == null || e.time() >= from) && (to == null || e.time() < to))
                        .sorted(Comparator.comparingLong(AuditTrail.Entry::time).thenComparingLong(AuditTrail.Entry::seq).reversed())
                        .limit(limit).map(AuditTrail.Entry::seq).toList();
                List<Long> got = audit.find(new AuditTrail.Query(u, a, t, from, to, limit)).stream().map(AuditTrail.Entry::seq).toList();
                assertEquals(expected, got, "user " + u + " action " + a + " target " + t + " from " + from + " to " + to);
            }
            assertTrue(audit.verify().intact());
        }
    }
}
