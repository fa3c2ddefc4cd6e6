package org.vistruct.benchmarks;

import static org.vistruct.benchmarks.OpenSearchBenchmark.CLIENTS;
import static org.vistruct.benchmarks.OpenSearchBenchmark.DIM;
import static org.vistruct.benchmarks.OpenSearchBenchmark.clients;
import static org.vistruct.benchmarks.OpenSearchBenchmark.ms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordStore;
import org.vistruct.index.opensearch.OpenSearchRecordStore;
import org.vistruct.index.opensearch.OpenSearchSettings;
import org.vistruct.testservers.OpenSearchTestCluster;

/**
 * Search and face search at scale (default 10,000,000 records), on the embedded index and on an
 * OpenSearch cluster of 2 nodes with 1 replica, then the same cluster after a third node joined and
 * the shards spread over it; 16 clients, the questions of {@link OpenSearchBenchmark}. Records are
 * loaded in bulk on both sides (the write path's one-by-one acknowledgement would take hours): the
 * embedded index by two writer threads without its journal, then opened as the server opens it;
 * the cluster through {@link OpenSearchRecordStore#load} (replicas and refresh off, then back on).
 *
 * <p>Usage: OpenSearchScaleBenchmark [work dir] [records] [queries per client]. Run with
 * -Dvistruct.opensearch.heap=2g (bin/bench does) so that each node holds its share of the graphs.
 */
public final class OpenSearchScaleBenchmark {
    private OpenSearchScaleBenchmark() {}

    record Result(String name, long[] search, long[] faces, long count, long bytes) {}

    public static void main(String[] args) throws Exception {
        long n = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-out").resolve("opensearch-scale-" + n);
        int perClient = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Files.createDirectories(dir);
        System.out.printf("%,d records (every tenth a face of %d values), %d search clients, %d questions each; %d processors; node heap %s%n", n, DIM,
                CLIENTS, perClient, Runtime.getRuntime().availableProcessors(), System.getProperty("vistruct.opensearch.heap", "512m"));
        List<Result> results = new ArrayList<>();

        // the embedded index is kept between runs (its load takes a quarter of an hour at 10M): a run finding it
        // loaded reports the load time recorded then, and measures the searches again
        Path index = dir.resolve("embedded/index"), loaded = dir.resolve("embedded/loaded-seconds");
        double embeddedLoad;
        if (Files.exists(loaded)) {
            embeddedLoad = Double.parseDouble(Files.readString(loaded).trim());
            System.out.printf("embedded index: %,d records loaded by an earlier run in %.0f s (%.0f/s), kept in %s%n", n, embeddedLoad, n / embeddedLoad, index);
        } else {
            long t0 = System.nanoTime();
            try (RecordIndex loading = new RecordIndex(index)) {
                SyntheticRecords records = new SyntheticRecords(n);
                try (ExecutorService writers = Executors.newFixedThreadPool(2)) {
                    List<Future<?>> done = new ArrayList<>();
                    for (int w = 0; w < 2; w++) {
                        done.add(writers.submit(() -> {
                            for (StructuredRecord r; (r = records.poll()) != null; ) loading.add(r);
                            return null;
                        }));
                    }
                    for (Future<?> f : done) f.get();
                }
                loading.commit();
            }
            embeddedLoad = (System.nanoTime() - t0) / 1e9;
            Files.writeString(loaded, Double.toString(embeddedLoad));
            System.out.printf("embedded index: %,d records loaded and committed in %.0f s (%.0f/s)%n", n, embeddedLoad, n / embeddedLoad);
        }
        try (RecordStore embedded = RecordIndex.durable(index, dir.resolve("embedded/journal"))) {
            results.add(measure("embedded index (baseline)", embedded, perClient, bytes(index)));
        }

        deleteTree(dir.resolve("cluster"));
        try (OpenSearchTestCluster cluster = OpenSearchTestCluster.start(dir.resolve("cluster"), 2, 3);
             OpenSearchRecordStore os = new OpenSearchRecordStore(OpenSearchSettings.of(cluster.urls(), "bench").withFaceDimension(DIM).withReplicas(1))) {
            OpenSearchRecordStore.BulkLoad load = os.load(new SyntheticRecords(n), 5_000, 2);
            System.out.printf("2-node cluster: %,d records loaded in %.0f s (%.0f/s, no replica, refresh off), replica built in %.0f s; indices %s%n",
                    load.records(), load.loadSeconds(), load.records() / load.loadSeconds(), load.replicaSeconds(), load.indices());
            System.out.printf("bulk load rate, cluster vs embedded: %.2fx (cluster to green with its replica: %.2fx)%n",
                    (load.records() / load.loadSeconds()) / (n / embeddedLoad), (load.records() / (load.loadSeconds() + load.replicaSeconds())) / (n / embeddedLoad));
            results.add(measure("OpenSearch, 2 nodes, 1 replica", os, perClient, bytes(dir.resolve("cluster"))));

            long t1 = System.nanoTime();
            cluster.addNode();
            cluster.awaitHealth("green", 3, 300);
            // relocations start a moment after the node joins: wait until it holds shards (or the balancer leaves it empty for 2 minutes)
            for (long until = System.nanoTime() + 120_000_000_000L; System.nanoTime() < until && !everyNodeHoldsShards(cluster); ) Thread.sleep(1000);
            while (cluster.get("/_cluster/health?wait_for_status=green&wait_for_no_relocating_shards=true&timeout=20s").contains("\"timed_out\":true")) {
                Thread.sleep(1000);
            }
            System.out.printf("third node joined; shards spread over 3 nodes in %.0f s: %s%n", (System.nanoTime() - t1) / 1e9,
                    cluster.get("/_cat/allocation?h=node,shards,disk.indices").replace('\n', ';'));
            results.add(measure("OpenSearch, 3 nodes, 1 replica", os, perClient, bytes(dir.resolve("cluster"))));
        }

        Result base = results.get(0);
        System.out.println();
        System.out.printf("%-34s %9s %9s %9s %9s %12s %10s%n", "", "search50", "search99", "face50", "face99", "records", "on disk");
        for (Result r : results) {
            System.out.printf("%-34s %7.1fms %7.1fms %7.1fms %7.1fms %,12d %8.2fGB%n", r.name(), ms(r.search(), 50), ms(r.search(), 99), ms(r.faces(), 50),
                    ms(r.faces(), 99), r.count(), r.bytes() / 1e9);
        }
        for (Result r : results.subList(1, results.size())) {
            System.out.printf("%s vs embedded: search p50 %.2fx p99 %.2fx, face p50 %.2fx p99 %.2fx (above 1: slower than embedded); %.0f bytes a record%n",
                    r.name(), ms(r.search(), 50) / ms(base.search(), 50), ms(r.search(), 99) / ms(base.search(), 99), ms(r.faces(), 50) / ms(base.faces(), 50),
                    ms(r.faces(), 99) / ms(base.faces(), 99), r.bytes() / (double) r.count());
        }
        System.out.printf("embedded: %.0f bytes a record%n", base.bytes() / (double) base.count());
    }

    private static Result measure(String name, RecordStore store, int perClient, long bytes) throws Exception {
        clients(store, 30, false, 99); // warm-up
        long[] search = clients(store, perClient, false, 1);
        clients(store, 20, true, 98);
        long[] faces = clients(store, perClient, true, 2);
        Result r = new Result(name, search, faces, store.count(), bytes);
        System.out.printf("%s: search p50 %.1f ms p99 %.1f ms, face p50 %.1f ms p99 %.1f ms, %,d records%n", name, ms(search, 50), ms(search, 99),
                ms(faces, 50), ms(faces, 99), r.count());
        return r;
    }

    private static boolean everyNodeHoldsShards(OpenSearchTestCluster cluster) throws IOException, InterruptedException {
        String[] lines = cluster.get("/_cat/allocation?h=node,shards").trim().split("\n");
        if (lines.length < cluster.size()) return false;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[1].equals("0")) return false;
        }
        return true;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Bytes of index files under a directory (for a cluster: every node's data, both copies). */
    private static long bytes(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p) && (p.toString().contains("/data/") || p.toString().contains("/index/"))).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
