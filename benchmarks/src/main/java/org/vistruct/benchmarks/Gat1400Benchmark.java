package org.vistruct.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.ObjectKeys;
import org.vistruct.core.PlateClass;
import org.vistruct.core.SharedDirectory;
import org.vistruct.core.VehicleClass;
import org.vistruct.gat1400.client.ViidClient;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.VistructRuntime;
import org.vistruct.server.VistructServer;

/**
 * GA/T 1400 intake on this machine: checkpoint cameras push MotorVehicle objects with two pictures
 * of ~100 KB each (labelled plate pictures), from 16 concurrent senders, into {@code vistruct serve}
 * in this process (embedded object store); a subscriber here receives SubscribeNotifications.
 * Reported: objects taken in per second, with nothing else going on and again with a subscriber
 * receiving every object and searches looking for samples; in that second run the latency from a
 * POST's start to the object being found by a search, and to its SubscribeNotification arriving
 * (p50/p99). Baseline in the same run: the
 * same records with the same pictures written by 16 threads straight into the write path (no HTTP,
 * JSON or base64), so the ratio is what the protocol costs.
 *
 * <p>Usage: Gat1400Benchmark [work dir] [objects] [senders] [objects per request]
 */
public final class Gat1400Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Gat1400Benchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench-out")).resolve("gat1400-" + System.currentTimeMillis());
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        List<byte[]> pictures = pictures();
        double avg = pictures.stream().mapToInt(b -> b.length).average().orElse(0);
        System.out.printf("GA/T 1400 intake: %d objects, %d senders, %d objects per request, 2 pictures each (%d labelled JPEGs, %.0f KB on average)%n",
                objects, senders, batch, pictures.size(), avg / 1024);
        // warm-up, not reported: the first thousands of objects run on code the JIT has not compiled yet
        baseline(work.resolve("warm-baseline"), objects / 5, senders, pictures, false);
        intake(work.resolve("warm-server"), objects / 5, senders, batch, pictures, 1, true, false);
        settle();
        double baseline = baseline(work.resolve("baseline"), objects, senders, pictures, true);
        settle();
        intake(work.resolve("server"), objects, senders, batch, pictures, baseline, false, true);
        settle();
        intake(work.resolve("server-read"), objects, senders, batch, pictures, baseline, true, true);
    }

    /**
     * Between two measurements: the gigabyte of pictures the last one wrote is flushed from the page
     * cache first, so that its write-back does not slow the next one's journal forces (measured: the run
     * right after the baseline took half as long again without this).
     */
    private static void settle() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Thread.sleep(2000);
    }

    /** Labelled plate JPEGs around 100 KB (the size of a checkpoint's plate and scene pictures). */
    static List<byte[]> pictures() throws Exception {
        Path shared = SharedDirectory.require();
        List<byte[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(shared.resolve("media/labels/plates.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String f = line.split(",")[0];
            if (!f.endsWith(".jpg")) continue;
            byte[] b = Files.readAllBytes(shared.resolve("media").resolve(f));
            if (b.length >= 50_000 && b.length <= 200_000) out.add(b);
        }
        return out;
    }

    private static String id(int sender, int n, long t) {
        return String.format("340200000011900%05d", sender) + "02" + GaTime.format(t, ZONE) + String.format("%05d", n % 100_000) + "02" + String.format("%05d", n / 100_000);
    }

    /** The same records straight into the write path: 16 threads, no HTTP, no JSON, no base64. */
    private static double baseline(Path dir, int objects, int senders, List<byte[]> pictures, boolean report) throws Exception {
        VistructConfig config = VistructConfig.load(null, Map.of("VISTRUCT_GB28181_ENABLED", "false"));
        try (VistructRuntime runtime = new VistructRuntime(dir, config)) {
            long t0 = GaTime.parse("2026-11-21T08:00:00", ZONE);
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int n; (n = next.getAndIncrement()) < objects; ) {
                            long t = t0 + n * 100L;
                            String id = id(sender, n, t), device = id.substring(0, 20);
                            String scene = ObjectKeys.of(device, t, id, "scene", ZONE), plate = ObjectKeys.of(device, t, id, "plate", ZONE);
                            MotorVehicle v = new MotorVehicle(id, device, t, t, t, "皖A" + String.format("%05d", n % 100_000), ColorCode.BLUE, PlateClass.SMALL, 95,
                                    VehicleClass.K33, 90, ColorCode.WHITE, 90, new Box(100, 80, 600, 420), null, plate, scene, null, 0);
                            runtime.sink().write(v, Map.of(scene, pictures.get(n % pictures.size()), plate, pictures.get((n + 3) % pictures.size())), false);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : threads) t.join();
            double rate = objects / ((System.nanoTime() - start) / 1e9);
            if (report) System.out.printf("  baseline, the write path alone (16 threads): %.0f objects/s%n", rate);
            return rate;
        }
    }

    /**
     * @param read whether a subscriber receives every object meanwhile and searches look for samples of them
     *             (every search makes the index show the newest records: a refresh each, under the write stream)
     */
    private static void intake(Path dir, int objects, int senders, int batch, List<byte[]> pictures, double baseline, boolean read, boolean report)
            throws Exception {
        Map<String, Long> posted = new ConcurrentHashMap<>();
        List<Long> notified = Collections.synchronizedList(new ArrayList<>());
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        CountDownLatch allNotified = new CountDownLatch(objects);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.createContext("/notify", ex -> {
            long now = System.currentTimeMillis();
            try (InputStream in = ex.getRequestBody()) {
                JsonNode n = JSON.readTree(in);
                for (JsonNode o : n.at("/SubscribeNotificationListObject/SubscribeNotificationObject")) {
                    for (String id : o.path("InfoIDs").asText().split(",")) {
                        Long t = posted.get(id);
                        if (t != null && seen.putIfAbsent(id, true) == null) {
                            notified.add(now - t);
                            allNotified.countDown();
                        }
                    }
                }
            }
            byte[] ok = "{\"ResponseStatusListObject\":{\"ResponseStatusObject\":[{\"StatusCode\":0}]}}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        java.util.concurrent.ExecutorService receiving = java.util.concurrent.Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiving);
        receiver.start();
        VistructConfig config = VistructConfig.load(null, Map.of("VISTRUCT_GB28181_ENABLED", "false", "VISTRUCT_HTTP_BIND", "127.0.0.1",
                "VISTRUCT_HTTP_THREADS", "8"));
        try (VistructServer server = new VistructServer(dir, config, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port(), token = server.firstAdminToken();
            try (ViidClient subscriber = new ViidClient("34020000005030000099", Duration.ofSeconds(30), ZONE)) {
                if (subscriber.register(base, "12345678") != null) throw new IllegalStateException("subscriber not registered");
                ObjectNode sub = JSON.createObjectNode();
                sub.putObject("SubscribeListObject").putArray("SubscribeObject").addObject().put("SubscribeID", "bench").put("SubscribeDetail", "13")
                        .put("ReceiveAddr", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify").put("ResultImageDeclare", "-1");
                if (read && !subscriber.post(base + "/VIID/Subscribes", sub).ok()) throw new IllegalStateException("not subscribed");
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Long> searchable = Collections.synchronizedList(new ArrayList<>());
            long t0 = GaTime.parse("2026-11-21T08:00:00", ZONE);
            // the bodies are written before the clock starts: senders are other machines, their JSON and base64 are not this server's work
            List<Request> requests = new ArrayList<>();
            for (int first = 0; first < objects; first += batch) {
                int sender = (first / batch) % senders;
                String device = String.format("340200000011900%05d", sender);
                ObjectNode root = JSON.createObjectNode();
                ArrayNode list = root.putObject("MotorVehicleListObject").putArray("MotorVehicleObject");
                List<String> ids = new ArrayList<>();
                for (int n = first; n < Math.min(objects, first + batch); n++) {
                    long t = t0 + n * 100L;
                    String id = id(sender, n, t);
                    ids.add(id);
                    list.add(vehicle(device, id, "皖A" + String.format("%05d", n % 100_000), t, pictures.get(n % pictures.size()), pictures.get((n + 3) % pictures.size())));
                }
                requests.add(new Request(sender, first, ids, JSON.writeValueAsBytes(root)));
            }
            java.util.concurrent.ConcurrentLinkedQueue<Request>[] queues = new java.util.concurrent.ConcurrentLinkedQueue[senders];
            for (int s = 0; s < senders; s++) queues[s] = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (Request r : requests) queues[r.sender()].add(r);
            List<ViidClient> cameras = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                ViidClient camera = new ViidClient(String.format("340200000011900%05d", s), Duration.ofSeconds(60), ZONE);
                String error = camera.register(base, "12345678");
                if (error != null) throw new IllegalStateException(error);
                cameras.add(camera);
            }
            List<Thread> threads = new ArrayList<>();
            List<Thread> probes = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                threads.add(Thread.ofPlatform().start(() -> {
                    String device = String.format("340200000011900%05d", sender);
                    try {
                        for (Request req; (req = queues[sender].poll()) != null; ) {
                            int first = req.first();
                            List<String> ids = req.ids();
                            long postStart = System.currentTimeMillis();
                            for (String id : ids) posted.put(id, postStart);
                            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/VIID/MotorVehicles")).header("User-Identify", device)
                                    .header("Content-Type", "application/VIID+JSON").POST(HttpRequest.BodyPublishers.ofByteArray(req.body())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (res.statusCode() != 200 || res.body().contains("\"StatusCode\":8")) throw new IllegalStateException("push refused: " + res.body());
                            if (read && first % (batch * 20) == 0) { // a sample: how long until a search finds it (polled every 20 ms, beside the sender, which goes on)
                                String plate = "皖A" + String.format("%05d", first % 100_000), wanted = ids.get(0);
                                probes.add(Thread.ofVirtual().start(() -> {
                                    try {
                                        while (true) {
                                            HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/records?limit=1&plate="
                                                    + URLEncoder.encode(plate, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                                            if (found.body().contains(wanted)) break;
                                            Thread.sleep(20);
                                        }
                                        searchable.add(System.currentTimeMillis() - postStart);
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                }));
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : threads) t.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Thread t : List.copyOf(probes)) t.join();
            cameras.forEach(ViidClient::close);
            double rate = objects / seconds;
            if (!report) {
                allNotified.await(120, java.util.concurrent.TimeUnit.SECONDS);
                return;
            }
            if (!read) {
                System.out.printf("  vistruct serve, POST /VIID/MotorVehicles, nothing else: %.0f objects/s (%.1f s for %d objects; %.2f× the write path alone; target ≥ 500)%n",
                        rate, seconds, objects, rate / baseline);
                return;
            }
            boolean all = allNotified.await(120, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("  the same with a subscriber receiving every object and searches polling for samples every 20 ms: %.0f objects/s (%.1f s; %.2f× the write path alone)%n",
                    rate, seconds, rate / baseline);
            System.out.printf("  POST start → found by a search: p50 %d ms, p99 %d ms (%d samples)%n", pct(searchable, 50), pct(searchable, 99), searchable.size());
            System.out.printf("  POST start → SubscribeNotification received: p50 %d ms, p99 %d ms (%d of %d objects notified%s)%n", pct(notified, 50), pct(notified, 99),
                    notified.size(), objects, all ? "" : ", the rest not within 120 s");
        } finally {
            receiver.stop(0);
            receiving.shutdownNow();
        }
    }

    /** One prepared POST: who sends it, its first object's number, its object ids, its body. */
    private record Request(int sender, int first, List<String> ids, byte[] body) {}

    static ObjectNode vehicle(String device, String id, String plate, long t, byte[] scene, byte[] plateJpeg) {
        ObjectNode o = JSON.createObjectNode();
        o.put("MotorVehicleID", id).put("InfoKind", 1).put("DeviceID", device).put("PassTime", GaTime.format(t, ZONE)).put("HasPlate", "1").put("PlateNo", plate)
                .put("PlateColor", "5").put("PlateReliability", "95").put("VehicleClass", "K33").put("VehicleColor", "2").put("LeftTopX", 100).put("LeftTopY", 80)
                .put("RightBtmX", 600).put("RightBtmY", 420);
        ArrayNode images = o.putObject("SubImageList").putArray("SubImageInfoObject");
        images.addObject().put("DeviceID", device).put("Type", "01").put("FileFormat", "Jpeg").put("ShotTime", GaTime.format(t, ZONE))
                .put("Data", Base64.getEncoder().encodeToString(scene));
        images.addObject().put("DeviceID", device).put("Type", "02").put("FileFormat", "Jpeg").put("ShotTime", GaTime.format(t, ZONE))
                .put("Data", Base64.getEncoder().encodeToString(plateJpeg));
        return o;
    }

    static long pct(List<Long> values, int p) {
        if (values.isEmpty()) return -1;
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(Math.min(v.size() - 1, (int) Math.ceil(p / 100.0 * v.size()) - 1));
    }
}
