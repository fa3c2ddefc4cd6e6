package org.vistruct.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PictureStore;
import org.vistruct.core.RecordType;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordQuery;
import org.vistruct.metadata.HoldTable;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.retention.RetentionPolicy;
import org.vistruct.retention.RetentionRun;
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.storage.S3PictureStore;

/**
 * Retention of one month out of twelve at M records a month (1,000,000 by default): an index of
 * 12 × M vehicle passes of 500 checkpoints, 1,000 of the oldest month held; the policy makes
 * exactly the oldest month due. Timed: the run (index side: find, delete, commit; the picture keys
 * handed to a store that counts them), and search latency from 4 clients before the run and while
 * it runs. Separately, the embedded object store's batch delete rate on 100,000 real pictures,
 * which bounds how long the pictures of a month take on this store.
 *
 * <pre>bin/bench retention [dir] [records per month]</pre>
 */
public final class RetentionBenchmark {
    private static final long DAY = 86_400_000L;
    private static final int MONTHS = 12, DEVICES = 500;

    private RetentionBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench-out"));
        int perMonth = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long now = System.currentTimeMillis();
        Path dir = work.resolve("retention-" + perMonth);
        if (Files.exists(dir)) deleteTree(dir);
        Files.createDirectories(dir);
        Random rnd = new Random(3);
        List<String> held = new ArrayList<>();
        long t0 = System.nanoTime();
        try (RecordIndex index = new RecordIndex(dir.resolve("index")); MetadataStore meta = MetadataStore.open(AlertBenchmark.metadataSettings(), dir)) {
            // oldest month first, as a city's checkpoints wrote them
            for (int m = MONTHS - 1; m >= 0; m--) {
                long monthStart = now - (m + 1) * 30 * DAY;
                for (int i = 0; i < perMonth; i++) {
                    long t = monthStart + (long) ((double) i / perMonth * 30 * DAY);
                    MotorVehicle v = vehicle(rnd, t, m, i);
                    index.add(v);
                    if (m == MONTHS - 1 && i % (perMonth / 1000) == 0) held.add(v.id());
                }
                index.commit();
                System.out.printf("  month %d written, %.0f s%n", MONTHS - m, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("index: %,d records (%d months × %,d) in %.0f s%n", index.count(), MONTHS, perMonth, (System.nanoTime() - t0) / 1e9);
            for (String id : held) {
                meta.holds().place(new HoldTable.Hold("alert:" + id, id, "MotorVehicle", null, null, HoldTable.Source.ALERT, null, "bench", "system", now, null, null, null));
            }
            RetentionPolicy policy = RetentionPolicy.parse("*:MotorVehicle=" + (MONTHS - 1) * 30);
            CountingStore store = new CountingStore();

            double[] before = searchLatency(index, now, 20_000, null);
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Double> during = new ConcurrentLinkedQueue<>();
            Thread searchers = Thread.ofPlatform().start(() -> {
                try {
                    double[] d = searchLatency(index, now, Long.MAX_VALUE, running);
                    for (double x : d) during.add(x);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long r0 = System.nanoTime();
            RetentionRun.Report r = new RetentionRun(index, store, meta.holds(), null, policy).run(now);
            double runS = (System.nanoTime() - r0) / 1e9;
            running.set(false);
            searchers.join();
            double[] d = during.stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf("retention of month 1 of %d: %,d records expired, %,d held kept, %,d picture keys handed to the store, in %.1f s (%,.0f records/s); "
                            + "index now %,d records%n", MONTHS, r.records(), r.heldKept(), store.deleted.sum(), runS, r.records() / runS, index.count());
            System.out.printf("search latency, 4 clients (plate prefix, last 7 days, one device): before the run p50 %.1f ms, p99 %.1f ms (%,d searches); "
                            + "during it p50 %.1f ms, p99 %.1f ms (%,d searches)%n", AuditBenchmark.pct(before, 50), AuditBenchmark.pct(before, 99), before.length,
                    AuditBenchmark.pct(d, 50), AuditBenchmark.pct(d, 99), d.length);
            Runtime rt = Runtime.getRuntime();
            System.out.printf("heap in use after the run: %.0f MB%n", (rt.totalMemory() - rt.freeMemory()) / 1e6);
        }
        objectDeleteRate(dir.resolve("objects"), 100_000);
    }

    private static MotorVehicle vehicle(Random rnd, long t, int month, int i) {
        String device = String.format("3402000000132%07d", rnd.nextInt(DEVICES));
        String id = String.format("%s02%013d%02d%07d", device, t, month, i);
        String plate = AlertBenchmark.plate(rnd);
        String base = device + "/2026/01/01/00/" + id;
        return new MotorVehicle(id, device, t, t - 500, t + 500, plate, ColorCode.BLUE, null, 90, VehicleClass.K33, 80, ColorCode.WHITE, 80,
                new Box(100, 100, 600, 500), base + "-vehicle.jpg", base + "-plate.jpg", base + "-scene.jpg", null, 0);
    }

    /** 4 clients searching a plate prefix in the last week on one device, until the deadline or until running turns false. */
    private static double[] searchLatency(RecordIndex index, long now, long millis, AtomicBoolean running) throws Exception {
        ConcurrentLinkedQueue<Double> out = new ConcurrentLinkedQueue<>();
        long end = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Random rnd = new Random(100 + c);
            ts.add(Thread.ofPlatform().start(() -> {
                while (System.currentTimeMillis() < end && (running == null || running.get())) {
                    String plate = AlertBenchmark.plate(rnd).substring(0, 3) + "*";
                    RecordQuery q = new RecordQuery(new PlatePattern(plate), null, null, null, Set.of(String.format("3402000000132%07d", rnd.nextInt(DEVICES))),
                            now - 7 * DAY, now, 50, Set.of(RecordType.MotorVehicle));
                    long s = System.nanoTime();
                    try {
                        index.page(q, 0, false);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    out.add((System.nanoTime() - s) / 1e6);
                }
            }));
        }
        for (Thread t : ts) t.join();
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Puts n small pictures into the embedded store, then deletes them in batches of 1,000 (what retention does), timing both. */
    private static void objectDeleteRate(Path objects, int n) throws Exception {
        try (EmbeddedS3Server s3 = new EmbeddedS3Server(objects); S3PictureStore store = new S3PictureStore(s3.settings("bench"), 3, 200)) {
            byte[] jpeg = new byte[2048];
            new Random(1).nextBytes(jpeg);
            List<String> keys = new ArrayList<>(n);
            long t0 = System.nanoTime();
            List<Thread> ts = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                ts.add(Thread.ofPlatform().start(() -> {
                    for (int i = client; i < n; i += 8) {
                        String k = String.format("3402000000132%07d/2026/01/01/%02d/R%09d-scene.jpg", i % DEVICES, i % 24, i);
                        try {
                            store.put(k, jpeg);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            for (Thread t : ts) t.join();
            double putS = (System.nanoTime() - t0) / 1e9;
            store.list("", o -> keys.add(o.key()));
            t0 = System.nanoTime();
            store.delete(keys);
            double delS = (System.nanoTime() - t0) / 1e9;
            long left = countAll(store);
            System.out.printf("embedded object store (S3Proxy, filesystem): %,d pictures of 2 KB put by 8 clients in %.0f s (%,.0f/s); deleted in batches of 1,000 "
                    + "in %.1f s (%,.0f/s), %d left%n", keys.size(), putS, keys.size() / putS, delS, keys.size() / delS, left);
        }
    }

    private static long countAll(PictureStore store) throws IOException {
        long[] n = {0};
        store.list("", o -> n[0]++);
        return n[0];
    }

    /** A store that only counts what it is asked to delete: the index side of retention measured alone. */
    private static final class CountingStore implements PictureStore {
        final LongAdder deleted = new LongAdder();

        @Override public void put(String key, byte[] jpeg) { }

        @Override public byte[] get(String key) throws IOException { throw new java.io.FileNotFoundException(key); }

        @Override public void delete(Collection<String> keys) { deleted.add(keys.size()); }

        @Override public void list(String prefix, Consumer<StoredPicture> visitor) { }

        @Override public boolean supportsLegalHold() { return false; }

        @Override public void legalHold(String key, boolean on) { }

        @Override public boolean isLegallyHeld(String key) { return false; }

        @Override public void close() { }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
