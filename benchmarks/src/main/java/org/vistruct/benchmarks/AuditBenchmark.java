package org.vistruct.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vistruct.metadata.AuditTrail;
import org.vistruct.metadata.MetadataStore;

/**
 * The audit trail at the size of years: N entries (10,000,000 by default) of 200 users over three
 * years, chained and committed in batches; then queries by user and day, by action and day and by
 * target, timed (p50/p99 over 1,000 each); the hash chain verified whole. Baseline in the same run:
 * the same user-and-day query answered as the JSON-lines audit log of earlier versions answered it
 * (every line read and parsed), on the same entries.
 *
 * <pre>bin/bench audit [dir] [entries]          (bin/with-postgres bin/bench audit … for PostgreSQL)</pre>
 */
public final class AuditBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L, START = 1_700_000_000_000L;
    private static final String[] ACTIONS = {"search", "picture", "record", "face-search", "alerts", "hold", "refused"};

    private AuditBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench-out"));
        long n = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        Path dir = work.resolve("audit-" + n);
        boolean fresh = !Files.exists(dir.resolve("built"));
        Files.createDirectories(dir);
        Path legacy = dir.resolve("audit.log");
        try (MetadataStore store = MetadataStore.open(AlertBenchmark.metadataSettings(), dir)) {
            AuditTrail audit = store.audit();
            if (fresh) {
                long t0 = System.nanoTime();
                Random rnd = new Random(11);
                try (BufferedWriter old = Files.newBufferedWriter(legacy, StandardCharsets.UTF_8)) {
                    List<AuditTrail.Entry> batch = new ArrayList<>(50_000);
                    for (long i = 0; i < n; i++) {
                        AuditTrail.Entry e = entry(rnd, i, n);
                        batch.add(e);
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("user", e.user());
                        line.put("time", e.time());
                        line.put("client", e.client());
                        line.put("action", e.action());
                        line.put("query", e.query());
                        line.put("results", e.results());
                        old.write(JSON.writeValueAsString(line));
                        old.newLine();
                        if (batch.size() == 50_000) {
                            audit.appendAll(batch);
                            batch.clear();
                        }
                        if (i > 0 && i % 1_000_000 == 0) System.out.printf("  %,d entries, %.0f s%n", i, (System.nanoTime() - t0) / 1e9);
                    }
                    if (!batch.isEmpty()) audit.appendAll(batch);
                }
                Files.createFile(dir.resolve("built"));
                System.out.printf("audit trail (%s): %,d entries appended and chained in %.0f s (%,.0f/s)%n", store.database().engine(), n,
                        (System.nanoTime() - t0) / 1e9, n / ((System.nanoTime() - t0) / 1e9));
            }
            System.out.printf("audit trail (%s): %,d entries over %d days%n", store.database().engine(), audit.count(), 3 * 365);
            Random q = new Random(5);
            double[] byUser = new double[1000], byAction = new double[1000], byTarget = new double[1000];
            long found = 0;
            for (int round = 0; round < 2; round++) { // the first round warms caches and the JIT; the second is reported
                for (int i = 0; i < 1000; i++) {
                    long day = START + q.nextInt(3 * 365) * DAY;
                    long s = System.nanoTime();
                    found += audit.find(new AuditTrail.Query("user" + q.nextInt(200), null, null, day, day + DAY, 200)).size();
                    byUser[i] = (System.nanoTime() - s) / 1e6;
                    s = System.nanoTime();
                    audit.find(new AuditTrail.Query(null, ACTIONS[q.nextInt(ACTIONS.length)], null, day, day + DAY, 200));
                    byAction[i] = (System.nanoTime() - s) / 1e6;
                    s = System.nanoTime();
                    audit.find(new AuditTrail.Query(null, null, target(q, n), null, null, 200));
                    byTarget[i] = (System.nanoTime() - s) / 1e6;
                }
            }
            System.out.printf("query by user and day (limit 200): p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,d entries found over the 2,000 queries)%n",
                    pct(byUser, 50), pct(byUser, 99), pct(byUser, 100), found);
            System.out.printf("query by action and day: p50 %.2f ms, p99 %.2f ms; by target (any time): p50 %.2f ms, p99 %.2f ms%n", pct(byAction, 50),
                    pct(byAction, 99), pct(byTarget, 50), pct(byTarget, 99));
            if (Files.exists(legacy)) {
                long day = START + 200 * DAY;
                long s = System.nanoTime();
                int legacyFound = legacyQuery(legacy, "user7", day, day + DAY, 200);
                double legacyMs = (System.nanoTime() - s) / 1e6;
                s = System.nanoTime();
                int nowFound = audit.find(new AuditTrail.Query("user7", null, null, day, day + DAY, 200)).size();
                double nowMs = (System.nanoTime() - s) / 1e6;
                if (legacyFound != nowFound) throw new IllegalStateException("the JSON-lines scan found " + legacyFound + ", the trail " + nowFound);
                System.out.printf("baseline, the same user-and-day query over the JSON-lines log of earlier versions (%,d bytes, read whole): %.0f ms; "
                        + "the trail: %.2f ms (%.0f× faster), both %d entries%n", Files.size(legacy), legacyMs, nowMs, legacyMs / nowMs, nowFound);
            }
            long s = System.nanoTime();
            AuditTrail.Verification v = audit.verify();
            System.out.printf("verify: %,d entries, chain %s, %.0f s (%,.0f entries/s)%n", v.entries(), v.intact() ? "intact" : v.problems().size() + " problems",
                    (System.nanoTime() - s) / 1e9, v.entries() / ((System.nanoTime() - s) / 1e9));
        }
    }

    /** 200 users, each with its own daily rhythm, over three years; targets are record ids of the form R<n>. */
    private static AuditTrail.Entry entry(Random rnd, long i, long n) {
        long t = START + (long) ((double) i / n * 3 * 365 * DAY) + rnd.nextInt(60_000);
        String action = ACTIONS[rnd.nextInt(ACTIONS.length)];
        return AuditTrail.Entry.of(t, "user" + rnd.nextInt(200), "10.1." + rnd.nextInt(8) + "." + rnd.nextInt(250), action,
                action.equals("search") ? null : "R" + rnd.nextLong(n / 4 + 1), action.equals("search") ? "plate=皖A" + rnd.nextInt(1000) + "*" : null,
                rnd.nextInt(50), action.equals("refused") ? 403 : 200);
    }

    private static String target(Random q, long n) { return "R" + q.nextLong(n / 4 + 1); }

    /** How the audit log of earlier versions answered: every line parsed, filtered, newest first. */
    private static int legacyQuery(Path file, String user, long from, long to, int limit) throws Exception {
        List<Object> found = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                var e = JSON.readTree(line);
                long t = e.get("time").asLong();
                if (user.equals(e.get("user").asText()) && t >= from && t < to) found.add(e);
            }
        }
        return Math.min(limit, found.size());
    }

    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1 < 0 ? 0 : (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
