package org.vistruct.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.vistruct.core.PictureStore;
import org.vistruct.storage.EmbeddedPictureStore;
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.storage.S3PictureStore;

/**
 * Picture writes into the embedded object store, two ways, in the same run: through the S3 API over
 * loopback (S3PictureStore, as with MinIO) and straight into the blob store S3Proxy serves
 * (EmbeddedPictureStore, what the embedded mode's write path uses), with 1, 2 and 16 writing threads.
 * Labelled plate JPEGs (50-200 KB).
 *
 * <p>Usage: PictureStoreBenchmark [work dir] [puts per measurement]
 */
public final class PictureStoreBenchmark {
    private PictureStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench-out")).resolve("store-" + System.currentTimeMillis());
        int puts = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        List<byte[]> pictures = Gat1400Benchmark.pictures();
        System.out.printf("picture store: %d puts per measurement, %d labelled JPEGs, %.0f KB on average%n", puts, pictures.size(),
                pictures.stream().mapToInt(b -> b.length).average().orElse(0) / 1024);
        try (EmbeddedS3Server s3 = new EmbeddedS3Server(work.resolve("objects"))) {
            PictureStore direct = new EmbeddedPictureStore(s3.blobStore(), "vistruct");
            PictureStore api = new S3PictureStore(s3.settings("vistruct"), 1, 10);
            measure("warm-up", api, 2, puts / 4, pictures);
            measure("warm-up", direct, 2, puts / 4, pictures);
            for (int threads : new int[] {1, 2, 16}) {
                double viaApi = measure("S3 API over loopback", api, threads, puts, pictures);
                double straight = measure("straight into the blob store", direct, threads, puts, pictures);
                System.out.printf("  %2d threads: S3 API %.0f puts/s (%.1f ms each), direct %.0f puts/s (%.1f ms each): direct = %.1f× the S3 API%n", threads,
                        viaApi, 1000.0 * threads / viaApi, straight, 1000.0 * threads / straight, straight / viaApi);
            }
            api.close();
        }
    }

    private static double measure(String what, PictureStore store, int threads, int puts, List<byte[]> pictures) throws Exception {
        AtomicInteger next = new AtomicInteger();
        String run = what.replaceAll("\\W", "") + "-" + threads + "-" + System.nanoTime();
        List<Thread> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int n; (n = next.getAndIncrement()) < puts; ) {
                        store.put("34020000001320000001/2026/11/21/08/" + run + "-" + n + "-scene.jpg", pictures.get(n % pictures.size()));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : all) t.join();
        return puts / ((System.nanoTime() - start) / 1e9);
    }
}
