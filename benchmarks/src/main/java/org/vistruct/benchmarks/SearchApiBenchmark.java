package org.vistruct.benchmarks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateClass;
import org.vistruct.core.PlateGrammar;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.RecordIndex;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.VistructServer;
import org.vistruct.server.http.Role;

/**
 * The search API under load: N synthetic MotorVehicle records (default 1,000,000) over 100
 * devices and 30 days in the real index, `vistruct serve` on 127.0.0.1, and 16 clients sending
 * mixed searches (plate patterns, colours, class, device, time window; 50 results each) over
 * keep-alive connections. Prints p50/p99 latency and throughput.
 *
 * <p>Usage: SearchApiBenchmark [work dir] [records] [requests per client]
 */
public final class SearchApiBenchmark {
    private static final int DEVICES = 100;
    private static int CLIENTS = 16;
    private static final long DAY = 86_400_000L, T0 = 1_780_000_000_000L;
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ", DIGITS = "0123456789";

    private SearchApiBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "bench-out").resolve("search-data");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int perClient = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        if (args.length > 3) CLIENTS = Integer.parseInt(args[3]);
        Random rnd = new Random(7);
        if (!Files.exists(data.resolve("built-" + n))) {
            Files.createDirectories(data);
            long t0 = System.nanoTime();
            try (RecordIndex index = new RecordIndex(data.resolve("index"))) {
                for (int i = 0; i < n; i++) {
                    long t = T0 + (long) (rnd.nextDouble() * 30 * DAY);
                    String plate = plate(rnd);
                    ColorCode pc = rnd.nextInt(10) == 0 ? ColorCode.GREEN : rnd.nextInt(8) == 0 ? ColorCode.YELLOW : ColorCode.BLUE;
                    index.add(new MotorVehicle(String.format("%048d", i), device(rnd.nextInt(DEVICES)), t, t - 800, t + 800, plate, pc,
                            PlateClass.of(plate, pc), 60 + rnd.nextInt(40), VehicleClass.values()[rnd.nextInt(5)], 80,
                            ColorCode.values()[rnd.nextInt(7)], 80, new Box(100, 100, 700, 600), "d/2026/01/01/00/a-vehicle.jpg",
                            "d/2026/01/01/00/a-plate.jpg", "d/2026/01/01/00/a-scene.jpg", "/cases/synthetic.mp4", i % 60_000));
                }
            }
            Files.createFile(data.resolve("built-" + n));
            System.out.printf("indexed %,d records in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
        VistructConfig config = VistructConfig.load(null, Map.of("VISTRUCT_JOBS_CONCURRENCY", "1", "VISTRUCT_GB28181_ENABLED", "false"));
        String token = AlertBenchmark.token(data, config, "bench" + System.nanoTime() % 100000, Role.INVESTIGATOR);
        try (VistructServer server = new VistructServer(data, config, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/records?limit=50&";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            // warm-up: every client, long enough for the JIT to finish compiling the hot paths
            try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<long[]>> warm = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int seed = 1000 + c;
                    warm.add(pool.submit(() -> run(http, base, token, 100, new Random(seed))));
                }
                for (Future<long[]> f : warm) f.get();
            }
            byKind.clear();
            long[] latencies = new long[CLIENTS * perClient];
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<long[]>> parts = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int seed = c;
                    parts.add(pool.submit(() -> run(http, base, token, perClient, new Random(seed))));
                }
                int k = 0;
                for (Future<long[]> f : parts) for (long l : f.get()) latencies[k++] = l;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("records %,d, %d clients, %,d searches in %.1f s (%.0f/s)%n", n, CLIENTS, latencies.length, seconds, latencies.length / seconds);
            System.out.printf("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies[latencies.length / 2] / 1e6,
                    latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1e6, latencies[latencies.length - 1] / 1e6);
            for (var e : new java.util.TreeMap<>(byKind).entrySet()) {
                long[] l = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("  %-30s p50 %6.1f ms  p99 %6.1f ms%n", KINDS[e.getKey()], l[l.length / 2] / 1e6, l[(int) Math.ceil(l.length * 0.99) - 1] / 1e6);
            }
        }
    }

    private static final String[] KINDS = {"plate prefix + time", "plate contains + device", "plate colour + device + time",
            "class + colour + time", "device only"};
    private static final java.util.Map<Integer, java.util.List<Long>> byKind = new java.util.concurrent.ConcurrentHashMap<>();

    /** One client's searches; returns each one's latency in ns. */
    private static long[] run(HttpClient http, String base, String token, int count, Random rnd) throws Exception {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            int kind = rnd.nextInt(5);
            String q = query(rnd, kind);
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + q)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
            long t0 = System.nanoTime();
            HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            out[i] = System.nanoTime() - t0;
            byKind.computeIfAbsent(kind, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(out[i]);
            if (res.statusCode() != 200) throw new IllegalStateException(q + " answered " + res.statusCode() + ": " + new String(res.body(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String query(Random rnd, int kind) {
        long from = T0 + rnd.nextInt(29) * DAY;
        String window = "&from=" + enc(iso(from)) + "&to=" + enc(iso(from + (1 + rnd.nextInt(3)) * DAY));
        return switch (kind) {
            case 0 -> "plate=" + enc(PlateGrammar.PROVINCES.charAt(rnd.nextInt(5)) + "" + LETTERS.charAt(rnd.nextInt(5)) + "*") + window;
            case 1 -> "plate=" + enc("*" + DIGITS.charAt(rnd.nextInt(10)) + DIGITS.charAt(rnd.nextInt(10)) + "*") + "&device=" + device(rnd.nextInt(DEVICES));
            case 2 -> "plateColor=" + (rnd.nextBoolean() ? 9 : 6) + "&device=" + device(rnd.nextInt(DEVICES)) + window;
            case 3 -> "vehicleClass=" + VehicleClass.values()[rnd.nextInt(5)].code() + "&vehicleColor=" + (1 + rnd.nextInt(5)) + window;
            default -> "device=" + device(rnd.nextInt(DEVICES));
        };
    }

    private static String plate(Random rnd) {
        StringBuilder sb = new StringBuilder().append(PlateGrammar.PROVINCES.charAt(rnd.nextInt(5))).append(LETTERS.charAt(rnd.nextInt(LETTERS.length())));
        for (int k = 0; k < 5; k++) sb.append(rnd.nextInt(3) == 0 ? LETTERS.charAt(rnd.nextInt(LETTERS.length())) : DIGITS.charAt(rnd.nextInt(10)));
        return sb.toString();
    }

    private static String device(int d) { return String.format("340200000013200%05d", d); }

    private static String iso(long ms) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneId.of("Asia/Shanghai")));
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
