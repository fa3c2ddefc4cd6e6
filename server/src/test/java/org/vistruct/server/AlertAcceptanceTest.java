package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.server.alerts.WebhookSignature;
import org.vistruct.server.http.Role;

/**
 * Watch lists to alerts over real HTTP on 127.0.0.1: plates and a pattern enrolled through the API,
 * the slideshow analysed, alerts delivered to a real webhook receiver that refuses connections at
 * first, across a restart of vistruct between match and delivery, signed, de-duplicated by id, with
 * pictures that download; and a face enrolled from a photo that alerts on that person only.
 */
class AlertAcceptanceTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> ENV = Map.of("VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString(),
            "VISTRUCT_ALERTS_RETRY_FIRST_MS", "300", "VISTRUCT_ALERTS_RETRY_MAX_MS", "2000", "VISTRUCT_ALERTS_WEBHOOK_TIMEOUT_MS", "1500",
            "VISTRUCT_ANALYSIS_PERSONS", "false", "VISTRUCT_GB28181_ENABLED", "false");

    private record Delivery(String alertId, JsonNode body, boolean signed, long at) {}

    @Test
    void platesAlertSubscribersThroughRefusalAndRestart() throws Exception {
        Path data = Files.createTempDirectory("vistruct-alerts");
        VistructConfig config = TestConfigs.load(ENV);
        int hookPort = freePort(), deadPort = freePort();
        VistructServer server = new VistructServer(data, config, "127.0.0.1", 0);
        String base = "http://127.0.0.1:" + server.port(), admin = server.firstAdminToken();
        String alice = TestConfigs.token(data, config, "alice", Role.INVESTIGATOR), bob = TestConfigs.token(data, config, "bob", Role.VIEWER);

        JsonNode exact = created(post(base, "/api/v1/watchlist", alice, Map.of("plate", "皖AT022C", "list", "checkpoint", "priority", 1, "reason", "stolen vehicle")));
        JsonNode pattern = created(post(base, "/api/v1/watchlist", alice, Map.of("plate", "浙G*", "list", "checkpoint", "reason", "plates of interest")));
        assertEquals("PLATE", exact.get("Kind").asText());
        assertEquals("PATTERN", pattern.get("Kind").asText());
        assertEquals("alice", exact.get("Creator").asText());
        assertEquals(400, post(base, "/api/v1/watchlist", alice, Map.of("plate", "*")).statusCode(), "a pattern without fixed characters is refused");
        assertEquals(400, post(base, "/api/v1/watchlist", alice, Map.of("plate", "皖A1", "vehicle", Map.of("vehicleColor", "red"))).statusCode());
        assertEquals(403, post(base, "/api/v1/watchlist", bob, Map.of("plate", "皖AT022C")).statusCode(), "viewers cannot change watch lists");
        JsonNode sub = created(post(base, "/api/v1/subscribers", admin, Map.of("name", "checkpoint desk", "url", "http://127.0.0.1:" + hookPort + "/hook",
                "lists", List.of("checkpoint"))));
        String secret = sub.get("secret").asText();
        created(post(base, "/api/v1/subscribers", admin, Map.of("name", "other list only", "url", "http://127.0.0.1:" + deadPort + "/hook", "lists", List.of("other"))));
        assertEquals(403, post(base, "/api/v1/subscribers", alice, Map.of("name", "x", "url", "http://127.0.0.1:1/")).statusCode());

        List<String> browserAlerts = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                http.send(get(base, "/api/v1/alerts/stream", bob), HttpResponse.BodyHandlers.ofLines()).body()
                        .filter(l -> l.startsWith("data: ")).forEach(browserAlerts::add);
            } catch (Exception ignored) {
                // ends with the server
            }
        });

        // the receiver is not listening yet: every delivery is refused while the slideshow is analysed
        JsonNode job = awaitJob(base, alice, created(post(base, "/api/v1/jobs", alice, Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                "deviceId", "34020000001320000009", "start", "2026-11-21T08:00:00"))).get("id").asText());
        assertEquals("done", job.get("state").asText(), job.toString());
        JsonNode alerts = json(send(get(base, "/api/v1/alerts?limit=100", bob)));
        Map<String, String> expected = new TreeMap<>(); // alert id -> plate
        for (JsonNode a : alerts.get("alerts")) {
            expected.put(a.get("NotificationID").asText(), a.get("PlateNo").asText());
            assertEquals(a.get("DeviceID").asText(), a.get("MotorVehicleObject").get("DeviceID").asText());
            JsonNode detail = json(send(get(base, "/api/v1/records/" + a.get("CntObjectID").asText(), bob)));
            assertTrue(detail.get("Alerted").asBoolean(), "a record that raised an alert is marked: " + detail);
        }
        System.out.println("alerts raised on the slideshow: " + expected);
        assertTrue(expected.containsValue("皖AT022C"), "the exact plate alerts: " + expected);
        assertTrue(expected.containsValue("浙G857PM"), "the pattern alerts on 浙G857PM: " + expected);
        for (String plate : expected.values()) assertTrue(plate.equals("皖AT022C") || plate.startsWith("浙G"), "only watched plates alert: " + plate);
        long deadline = System.currentTimeMillis() + 5000;
        while (browserAlerts.size() < expected.size() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertEquals(expected.size(), browserAlerts.size(), "every alert reaches the browsers following alerts");
        assertTrue(browserAlerts.get(0).contains("\"Pictures\""));
        JsonNode subs = json(send(get(base, "/api/v1/subscribers", admin)));
        JsonNode desk = subs.get("subscribers").get(0);
        assertEquals(expected.size(), desk.get("pending").asInt(), "undelivered alerts wait in the outbox: " + subs);
        assertTrue(desk.get("failures").asInt() >= 1, "refused deliveries are counted: " + subs);
        assertEquals(0, subs.get("subscribers").get(1).get("pending").asInt(), "a subscriber of another list gets nothing");

        // vistruct restarts between match and delivery
        server.close();
        server = new VistructServer(data, config, "127.0.0.1", 0);
        String base2 = "http://127.0.0.1:" + server.port();

        Map<String, Integer> received = new ConcurrentHashMap<>();
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", hookPort), 16);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst(WebhookSignature.ALERT_ID_HEADER);
            boolean signed = WebhookSignature.verify(secret, ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER), body,
                    ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER));
            deliveries.add(new Delivery(id, JSON.readTree(body), signed, System.currentTimeMillis()));
            if (requests.incrementAndGet() == 1) {
                try {
                    Thread.sleep(2500); // the answer comes after vistruct stopped waiting: it sends again, the receiver de-duplicates
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (signed) received.merge(id, 1, Integer::sum);
            ex.sendResponseHeaders(signed ? 204 : 401, -1);
            ex.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        try {
            deadline = System.currentTimeMillis() + 30_000;
            while (!received.keySet().containsAll(expected.keySet()) && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertEquals(expected.keySet(), new HashSet<>(received.keySet()), "every alert arrives after the refusals and the restart");
            for (Delivery d : deliveries) assertTrue(d.signed(), "every delivery carries a valid HMAC signature");
            Set<String> ids = new HashSet<>();
            for (Delivery d : deliveries) ids.add(d.alertId());
            System.out.printf("webhook: %d deliveries for %d alerts (%d duplicates removed by the receiver by alert id)%n", deliveries.size(), ids.size(),
                    deliveries.size() - ids.size());
            assertTrue(deliveries.size() > ids.size(), "the late answer made vistruct send one alert again (at least once)");
            for (Delivery d : deliveries) {
                assertEquals(d.alertId(), d.body().get("NotificationID").asText());
                assertEquals(expected.get(d.alertId()), d.body().get("PlateNo").asText());
                assertEquals("checkpoint", d.body().get("List").asText());
                assertTrue(d.body().get("Pictures").size() >= 2, d.body().toString());
                for (JsonNode p : d.body().get("Pictures")) {
                    String url = p.get("Url").asText();
                    assertTrue(url.startsWith("http://127.0.0.1:"), url);
                    // the body was made before the restart; the picture path is the same on the new port
                    HttpResponse<byte[]> pic = send(get(base2, url.substring(url.indexOf("/api/v1/")), bob));
                    assertEquals(200, pic.statusCode(), url);
                    assertEquals((byte) 0xFF, pic.body()[0], "a JPEG");
                    assertEquals((byte) 0xD8, pic.body()[1], "a JPEG");
                }
            }
            deadline = System.currentTimeMillis() + 10_000;
            JsonNode after = null;
            while (System.currentTimeMillis() < deadline) {
                after = json(send(get(base2, "/api/v1/subscribers", admin)));
                if (after.get("subscribers").get(0).get("pending").asInt() == 0) break;
                Thread.sleep(200);
            }
            assertEquals(0, after.get("subscribers").get(0).get("pending").asInt(), "the outbox empties once acknowledged: " + after);
            String metrics = new String(send(get(base2, "/metrics", null)).body(), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("vistruct_webhook_deliveries_total"), metrics);
            assertTrue(metrics.contains("vistruct_alert_delivery_seconds_count"), metrics);
            JsonNode byPlate = json(send(get(base2, "/api/v1/alerts?plate=" + java.net.URLEncoder.encode("浙G*", StandardCharsets.UTF_8), bob)));
            assertEquals(1, byPlate.get("total").asInt(), "alerts found by plate pattern: " + byPlate);
            assertEquals(expected.size(), json(send(get(base2, "/api/v1/alerts", bob))).get("total").asInt(), "alerts survive the restart");
        } finally {
            receiver.stop(0);
            server.close();
        }
    }

    @Test
    void faceEnrolledFromOnePhotoAlertsOnThatPersonOnly() throws Exception {
        Path data = Files.createTempDirectory("vistruct-face-alerts");
        VistructConfig config = TestConfigs.load(ENV);
        VistructServer server = new VistructServer(data, config, "127.0.0.1", 0);
        try {
            String base = "http://127.0.0.1:" + server.port();
            String alice = TestConfigs.token(data, config, "alice", Role.INVESTIGATOR);
            byte[] photo = Files.readAllBytes(SHARED.resolve("media/faces/fr_obama.jpg"));
            String boundary = "b" + System.nanoTime();
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"minSimilarity\"\r\n\r\n0.4\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nperson of interest\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"fr_obama.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), photo, tail);
            JsonNode entry = created(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/watchlist/faces")).header("Authorization", "Bearer " + alice)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()));
            assertEquals("FACE", entry.get("Kind").asText());
            HttpResponse<byte[]> enrolled = send(get(base, entry.get("PhotoUrl").asText(), alice));
            assertEquals(200, enrolled.statusCode(), "the aligned enrolled face is kept and shown");

            JsonNode job = awaitJob(base, alice, created(post(base, "/api/v1/jobs", alice, Map.of("path", SHARED.resolve("media/faces").toString(),
                    "deviceId", "34020000001320000077"))).get("id").asText());
            assertEquals("done", job.get("state").asText(), job.toString());
            Map<String, List<String>> identities = new HashMap<>();
            for (String[] row : Labels.rows("faces.csv")) identities.put(Path.of(row[0]).getFileName().toString(), List.of(row[2].split(";")));
            Map<String, Double> alerted = new TreeMap<>();
            for (JsonNode a : json(send(get(base, "/api/v1/alerts?limit=100", alice))).get("alerts")) {
                JsonNode face = a.get("FaceObject");
                alerted.put(Path.of(face.get("SourceFile").asText()).getFileName() + "@" + face.get("LeftTopX").asInt(), a.get("Similarity").asDouble());
            }
            System.out.println("face alerts (image@x → similarity): " + alerted);
            Set<String> images = new HashSet<>();
            for (String k : alerted.keySet()) images.add(k.substring(0, k.indexOf('@')));
            assertEquals(Set.of("fr_obama.jpg", "fr_obama2.jpg", "fr_obama3.jpg", "fr_two_people.jpg"), images, "every Obama image alerts, no Biden image");
            assertEquals(4, alerted.size(), "one alert per Obama face; Biden's face in the two-person image does not alert");
            for (var e : identities.entrySet()) if (!e.getValue().contains("obama")) assertFalse(images.contains(e.getKey()));

            // the same watch list from the command line, against the running server
            Map<String, String> env = Map.of("VISTRUCT_TOKEN", alice);
            var added = CliProcess.run(data, env, "watch", "add", "--server", base, "--vehicle-color", "红", "--time-of-day", "22:00-05:00", "--list", "night");
            assertEquals(0, added.exit(), added.out() + added.err());
            String id = JSON.readTree(added.out()).get("DispositionID").asText();
            var listed = CliProcess.run(data, env, "watch", "list", "--server", base);
            assertTrue(listed.out().contains(id) && listed.out().contains("22:00-05:00"), listed.out() + listed.err());
            assertEquals(0, CliProcess.run(data, env, "watch", "remove", id, "--server", base).exit());
            var bad = CliProcess.run(data, env, "watch", "add", "--server", base, "--plate", "皖A<1>");
            assertEquals(1, bad.exit(), "a refused entry fails the command: " + bad.out() + bad.err());
        } finally {
            server.close();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HttpRequest get(String base, String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).build();
    }

    private static HttpResponse<byte[]> post(String base, String path, String token, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
    }

    private static HttpResponse<byte[]> send(HttpRequest r) throws Exception { return http.send(r, HttpResponse.BodyHandlers.ofByteArray()); }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception { return JSON.readTree(r.body()); }

    private static JsonNode created(HttpResponse<byte[]> r) throws Exception {
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return json(r);
    }

    private static JsonNode awaitJob(String base, String token, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode job = json(send(get(base, "/api/v1/jobs/" + id, token)));
            String state = job.get("state").asText();
            if (!state.equals("queued") && !state.equals("running")) return job;
            Thread.sleep(300);
        }
        throw new AssertionError("job " + id + " did not finish in 3 minutes");
    }
}
