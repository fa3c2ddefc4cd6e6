package org.vistruct.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.vistruct.core.Box;
import org.vistruct.core.Face;
import org.vistruct.index.FaceHit;
import org.vistruct.index.FaceQuery;
import org.vistruct.index.RecordIndex;

/**
 * Face search at scale: N synthetic 128-d features (default 1,000,000) in the real record index,
 * then top-50 KNN queries with a device and a time filter. Prints p50/p99 latency and recall
 * against an exact (brute-force) search over the same filtered set.
 *
 * <p>Features are made the way face features behave: identities are random unit vectors, and each
 * face is its identity plus noise (cosine to its identity about 0.7), normalised. Faces are spread
 * over 10 devices and 30 days; a query asks for one device and 15 days (about 5 % of the index).
 *
 * <p>Usage: FaceKnnBenchmark [work dir] [faces] [queries]
 */
public final class FaceKnnBenchmark {
    private static final int DIM = 128, K = 50, DEVICES = 10;
    private static final long DAY = 86_400_000L, T0 = 1_780_000_000_000L;

    private FaceKnnBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-out").resolve("knn-index");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Random rnd = new Random(42);
        int identities = n / 20;
        float[][] centres = new float[identities][];
        for (int i = 0; i < identities; i++) centres[i] = unit(gaussian(rnd, 1f));
        float[][] features = new float[n][];
        int[] device = new int[n], identityOf = new int[n];
        long[] time = new long[n];
        for (int i = 0; i < n; i++) {
            float[] noise = gaussian(rnd, 1f / (float) Math.sqrt(DIM));
            identityOf[i] = rnd.nextInt(identities);
            float[] c = centres[identityOf[i]];
            float[] f = new float[DIM];
            for (int d = 0; d < DIM; d++) f[d] = c[d] + noise[d];
            features[i] = unit(f);
            device[i] = rnd.nextInt(DEVICES);
            time[i] = T0 + (long) (rnd.nextDouble() * 30 * DAY);
        }
        boolean build = !Files.exists(dir.resolve("built-" + n));
        if (build) {
            deleteTree(dir);
            Files.createDirectories(dir);
        }
        try (RecordIndex index = new RecordIndex(dir)) {
            if (build) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    index.add(new Face(id(i), deviceId(device[i]), time[i], time[i], time[i], new Box(0, 0, 10, 10), features[i], 80, null,
                            null, null, "synthetic", 0));
                    if ((i + 1) % 100_000 == 0) System.out.printf("indexed %,d faces in %.0f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
                }
                index.commit();
                Files.createFile(dir.resolve("built-" + n));
                System.out.printf("indexed %,d faces in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
            }
            measure(index, features, device, time, identityOf, centres, rnd, queries, true);
            measure(index, features, device, time, identityOf, centres, rnd, queries, false);
        }
    }

    /** Runs the queries (after 20 warm-up ones) with one device (or any) and 15 of 30 days, and prints the figures. */
    private static void measure(RecordIndex index, float[][] features, int[] device, long[] time, int[] identityOf, float[][] centres, Random rnd,
                                int queries, boolean oneDevice) throws java.io.IOException {
        int n = features.length, identities = centres.length;
        {
            long[] latencies = new long[queries];
            double recallSum = 0;
            long filteredTotal = 0, sameTotal = 0, sameFound = 0;
            for (int q = 0; q < queries + 20; q++) {
                // a new photo of a known identity
                int who = rnd.nextInt(identities);
                float[] c = centres[who];
                float[] noise = gaussian(rnd, 1f / (float) Math.sqrt(DIM));
                float[] target = new float[DIM];
                for (int d = 0; d < DIM; d++) target[d] = c[d] + noise[d];
                target = unit(target);
                int dev = oneDevice ? rnd.nextInt(DEVICES) : -1;
                long from = T0 + rnd.nextInt(15) * DAY, to = from + 15 * DAY;
                FaceQuery fq = new FaceQuery(target, K, 0f, oneDevice ? Set.of(deviceId(dev)) : Set.of(), from, to);
                long t0 = System.nanoTime();
                List<FaceHit> hits = index.searchFaces(fq);
                long dt = System.nanoTime() - t0;
                if (q < 20) continue; // warm-up
                latencies[q - 20] = dt;
                Set<String> exact = exactTopK(features, device, time, target, dev, from, to);
                filteredTotal += countFiltered(device, time, dev, from, to);
                Set<String> got = new HashSet<>();
                for (FaceHit h : hits) got.add(h.face().faceId());
                for (int i = 0; i < n; i++) {
                    if (identityOf[i] != who || (dev >= 0 && device[i] != dev) || time[i] < from || time[i] >= to) continue;
                    sameTotal++;
                    if (got.contains(id(i))) sameFound++;
                }
                got.retainAll(exact);
                recallSum += (double) got.size() / exact.size();
            }
            Arrays.sort(latencies);
            System.out.printf("faces %,d, filter %s and 15 of 30 days (%.1f %% of the faces), top-%d, %d queries%n",
                    n, oneDevice ? "one device of " + DEVICES : "any device", 100.0 * filteredTotal / queries / n, K, queries);
            System.out.printf("latency p50 %.1f ms, p99 %.1f ms; recall@%d against exact search %.3f; faces of the query's own identity found: %d of %d%n",
                    latencies[queries / 2] / 1e6, latencies[(int) Math.ceil(queries * 0.99) - 1] / 1e6, K, recallSum / queries, sameFound, sameTotal);
        }
    }

    private static Set<String> exactTopK(float[][] f, int[] device, long[] time, float[] target, int dev, long from, long to) {
        int[] best = new int[K];
        float[] bestS = new float[K];
        Arrays.fill(bestS, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < f.length; i++) {
            if ((dev >= 0 && device[i] != dev) || time[i] < from || time[i] >= to) continue;
            float s = 0;
            for (int d = 0; d < DIM; d++) s += f[i][d] * target[d];
            if (s <= bestS[K - 1]) continue;
            int p = K - 1;
            while (p > 0 && bestS[p - 1] < s) {
                bestS[p] = bestS[p - 1];
                best[p] = best[p - 1];
                p--;
            }
            bestS[p] = s;
            best[p] = i;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < K; i++) if (bestS[i] > Float.NEGATIVE_INFINITY) ids.add(id(best[i]));
        return ids;
    }

    private static int countFiltered(int[] device, long[] time, int dev, long from, long to) {
        int c = 0;
        for (int i = 0; i < device.length; i++) if ((dev < 0 || device[i] == dev) && time[i] >= from && time[i] < to) c++;
        return c;
    }

    private static String id(int i) { return String.format("%048d", i); }

    private static String deviceId(int d) { return String.format("340200000013200%05d", d); }

    private static float[] gaussian(Random rnd, float sigma) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) v[d] = (float) rnd.nextGaussian() * sigma;
        return v;
    }

    private static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        float inv = (float) (1 / Math.sqrt(s));
        for (int d = 0; d < DIM; d++) v[d] *= inv;
        return v;
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
