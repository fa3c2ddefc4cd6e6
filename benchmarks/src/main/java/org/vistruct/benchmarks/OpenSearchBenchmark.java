package org.vistruct.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateClass;
import org.vistruct.core.RecordIds;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.FaceQuery;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordQuery;
import org.vistruct.index.RecordStore;
import org.vistruct.index.opensearch.OpenSearchRecordStore;
import org.vistruct.index.opensearch.OpenSearchSettings;
import org.vistruct.testservers.OpenSearchTestCluster;

/**
 * The embedded index against OpenSearch clusters of 1 and 2 nodes on this machine, in one run: the
 * same N records (90 % vehicles over 100 devices and 30 days, 10 % faces of 128 values) written by
 * 16 writers through RecordStore.add (each write acknowledged only when durable and searchable),
 * then 16 clients searching (plate patterns, attributes with device and time) and searching faces
 * (k-NN, 10 results, half with a device filter). Prints rates, p50/p99 and ratios to the embedded
 * index, the baseline.
 *
 * <p>Usage: OpenSearchBenchmark [work dir] [records] [queries per client]
 */
public final class OpenSearchBenchmark {
    static final int CLIENTS = 16, DEVICES = 100, DIM = 128;
    static final long DAY = 86_400_000L, T0 = 1_788_220_800_000L;
    static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ", DIGITS = "0123456789", PROVINCES = "京沪苏浙皖粤";

    private OpenSearchBenchmark() {}

    record Result(String name, double writesPerSecond, long[] search, long[] faces, long count) {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-out").resolve("opensearch-" + System.currentTimeMillis());
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int perClient = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Files.createDirectories(dir);
        List<StructuredRecord> records = records(n);
        System.out.printf("%,d records (%,d faces), %d writers, %d search clients; %d processors%n", n,
                records.stream().filter(r -> r instanceof Face).count(), CLIENTS, CLIENTS, Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        try (RecordStore embedded = RecordIndex.durable(dir.resolve("embedded/index"), dir.resolve("embedded/journal"))) {
            results.add(measure("embedded index (baseline)", embedded, records, perClient));
        }
        for (int nodes : new int[] {1, 2}) {
            try (OpenSearchTestCluster cluster = OpenSearchTestCluster.start(dir.resolve("cluster-" + nodes), nodes);
                 RecordStore os = new OpenSearchRecordStore(OpenSearchSettings.of(cluster.urls(), "bench").withFaceDimension(DIM).withReplicas(nodes - 1))) {
                results.add(measure("OpenSearch, " + nodes + " node" + (nodes > 1 ? "s, 1 replica" : ", no replica"), os, records, perClient));
            }
        }
        Result base = results.get(0);
        System.out.println();
        System.out.printf("%-34s %12s %9s %9s %9s %9s %10s%n", "", "writes/s", "search50", "search99", "face50", "face99", "records");
        for (Result r : results) {
            System.out.printf("%-34s %12.0f %7.1fms %7.1fms %7.1fms %7.1fms %,10d%n", r.name(), r.writesPerSecond(), ms(r.search(), 50), ms(r.search(), 99),
                    ms(r.faces(), 50), ms(r.faces(), 99), r.count());
        }
        for (Result r : results.subList(1, results.size())) {
            System.out.printf("%s vs embedded: writes %.2fx, search p50 %.2fx p99 %.2fx, face p50 %.2fx p99 %.2fx (above 1: slower than embedded)%n", r.name(),
                    r.writesPerSecond() / base.writesPerSecond(), ms(r.search(), 50) / ms(base.search(), 50), ms(r.search(), 99) / ms(base.search(), 99),
                    ms(r.faces(), 50) / ms(base.faces(), 50), ms(r.faces(), 99) / ms(base.faces(), 99));
        }
        long bytes;
        try (var s = Files.walk(dir.resolve("cluster-2"))) {
            bytes = s.filter(p -> p.toString().contains("/data/") && Files.isRegularFile(p)).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("2-node cluster on disk: %.1f MB for %,d records with 1 replica (%.0f bytes a record, both copies)%n", bytes / 1e6, n, bytes / (double) n);
    }

    private static Result measure(String name, RecordStore store, List<StructuredRecord> records, int perClient) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < records.size(); ) store.add(records.get(i));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
        double rate = records.size() / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("%s: %,d writes in %.1f s, %.0f/s%n", name, records.size(), (System.nanoTime() - t0) / 1e9, rate);
        clients(store, 30, false, 99); // warm-up
        long[] search = clients(store, perClient, false, 1);
        clients(store, 20, true, 98);
        long[] faces = clients(store, perClient, true, 2);
        return new Result(name, rate, search, faces, store.count());
    }

    /**
     * 16 clients, each sending {@code count} questions; the latencies in ns of those answered, sorted.
     * A question the store fails is counted and reported, not a reason to stop measuring (a node
     * dropped from an overloaded cluster fails a few).
     */
    static long[] clients(RecordStore store, int count, boolean faces, int seed) throws Exception {
        List<Long> all = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        List<String> reasons = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random rnd = new Random(seed * 1000L + c);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < count; i++) {
                        long t = System.nanoTime();
                        try {
                            if (faces) {
                                Set<String> devices = rnd.nextBoolean() ? Set.of() : Set.of(device(rnd.nextInt(DEVICES)));
                                store.searchFaces(new FaceQuery(unit(rnd), 10, 0f, devices, null, null));
                            } else {
                                store.page(query(rnd), 0, false);
                            }
                            all.add(System.nanoTime() - t);
                        } catch (java.io.IOException e) {
                            if (failed.incrementAndGet() <= 3) reasons.add(e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
        if (failed.get() > 0) System.out.printf("  %d of %d %s failed, e.g. %s%n", failed.get(), CLIENTS * count, faces ? "face searches" : "searches", reasons);
        if (all.isEmpty()) throw new java.io.IOException("every question failed: " + reasons);
        return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static RecordQuery query(Random rnd) {
        long from = T0 + (long) (rnd.nextDouble() * 25 * DAY);
        return switch (rnd.nextInt(4)) {
            case 0 -> new RecordQuery(new PlatePattern(PROVINCES.charAt(rnd.nextInt(PROVINCES.length())) + "" + LETTERS.charAt(rnd.nextInt(4)) + "*"),
                    null, null, null, Set.of(), null, null, 50);
            case 1 -> new RecordQuery(new PlatePattern("*" + DIGITS.charAt(rnd.nextInt(10)) + DIGITS.charAt(rnd.nextInt(10)) + "*"), null, null, null,
                    Set.of(), from, from + 2 * DAY, 50);
            case 2 -> new RecordQuery(null, ColorCode.BLUE, ColorCode.values()[rnd.nextInt(7)], VehicleClass.values()[rnd.nextInt(5)],
                    Set.of(device(rnd.nextInt(DEVICES))), from, from + DAY, 50);
            default -> new RecordQuery(null, null, null, null, Set.of(device(rnd.nextInt(DEVICES))), from, from + 3_600_000L, 50);
        };
    }

    private static List<StructuredRecord> records(int n) {
        List<StructuredRecord> out = new ArrayList<>(n);
        new SyntheticRecords(n).forEachRemaining(out::add);
        return out;
    }

    static String device(int i) { return String.format("34020000001320%06d", i); }

    static float[] unit(Random rnd) {
        float[] v = new float[DIM];
        double s = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
            s += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) v[i] /= (float) Math.sqrt(s);
        return v;
    }

    static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
