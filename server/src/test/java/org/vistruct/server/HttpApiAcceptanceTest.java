package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.server.http.Role;

/** `vistruct serve` over real HTTP on 127.0.0.1: upload → job → records → search → pictures, and every error case. */
class HttpApiAcceptanceTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Path data;
    private static VistructServer server;
    private static String base, admin, investigator, viewer;
    private static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("vistruct-serve");
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_HTTP_MAX_UPLOAD_MB", "8",
                "VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString(), "VISTRUCT_ANALYSIS_PERSONS", "true"));
        server = new VistructServer(data, config, "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        admin = server.firstAdminToken();
        assertNotNull(admin, "first start prints an admin token");
        // as `vistruct token` does, beside the running server
        investigator = TestConfigs.token(data, config, "alice", Role.INVESTIGATOR);
        viewer = TestConfigs.token(data, config, "bob", Role.VIEWER);
        Thread.ofVirtual().start(() -> {
            try {
                http.send(get("/api/v1/records/stream", viewer), HttpResponse.BodyHandlers.ofLines()).body()
                        .filter(l -> l.startsWith("data: ")).forEach(events::add);
            } catch (Exception ignored) {
                // the server stops at the end of the class
            }
        });
    }

    @AfterAll
    static void stop() throws Exception { server.close(); }

    private static HttpRequest get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b.build();
    }

    private static HttpResponse<byte[]> send(HttpRequest r) throws Exception { return http.send(r, HttpResponse.BodyHandlers.ofByteArray()); }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception { return JSON.readTree(r.body()); }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static JsonNode awaitJob(String id) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode job = json(send(get("/api/v1/jobs/" + id, viewer)));
            String state = job.get("state").asText();
            if (!state.equals("queued") && !state.equals("running")) return job;
            Thread.sleep(300);
        }
        throw new AssertionError("job " + id + " did not finish in 3 minutes");
    }

    @Test
    void uploadAnalyseSearchAndFetchPictures() throws Exception {
        byte[] video = Files.readAllBytes(SHARED.resolve("media/video/plates_slideshow_h264.mp4"));
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?name=plates_slideshow_h264.mp4&deviceId=34020000001320000001&start=2026-11-21T08:00:00"))
                .header("Authorization", "Bearer " + investigator).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)).build());
        assertEquals(201, created.statusCode(), new String(created.body()));
        JsonNode job = awaitJob(json(created).get("id").asText());
        assertEquals("done", job.get("state").asText(), job.toString());
        assertEquals(1.0, job.get("progress").asDouble());
        System.out.printf("API job: %d frames analysed at %.1f frames/s, %d records%n", job.get("framesAnalysed").asInt(),
                job.get("framesPerSecond").asDouble(), job.get("records").asInt());

        JsonNode page = json(send(get("/api/v1/records?plate=" + enc("皖A*") + "&type=MotorVehicle&limit=100", investigator)));
        assertTrue(page.get("total").asInt() >= 7, page.toString());
        for (JsonNode r : page.get("records")) assertTrue(r.get("PlateNo").asText().startsWith("皖A"));
        JsonNode first = page.get("records").get(0);
        JsonNode detail = json(send(get("/api/v1/records/" + first.get("MotorVehicleID").asText(), viewer)));
        assertEquals(first.get("PlateNo").asText(), detail.get("PlateNo").asText());
        assertEquals("MotorVehicle", detail.get("Type").asText());

        for (String field : List.of("StorageUrl1", "StorageUrl2", "StorageUrl3")) {
            String key = first.get(field).asText();
            HttpResponse<byte[]> pic = send(get("/api/v1/pictures/" + key, viewer));
            assertEquals(200, pic.statusCode());
            assertEquals("image/jpeg", pic.headers().firstValue("Content-Type").orElse(""));
            assertTrue(pic.headers().firstValue("Cache-Control").orElse("").contains("max-age"));
            byte[] stored = Files.readAllBytes(data.resolve("objects/vistruct").resolve(key));
            assertArrayEquals(stored, pic.body(), "the API serves exactly the stored JPEG");
        }
        JsonNode paged = json(send(get("/api/v1/records?type=MotorVehicle&limit=5&offset=5&sort=time", investigator)));
        assertEquals(5, paged.get("records").size());

        long deadline = System.currentTimeMillis() + 5000;
        while (events.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertFalse(events.isEmpty(), "new records reach the live list");

        JsonNode audit = json(send(get("/api/v1/audit?user=alice", admin)));
        assertTrue(audit.get("entries").size() >= 1);
        assertTrue(audit.get("entries").findValuesAsText("action").contains("search"));
        JsonNode bobAudit = json(send(get("/api/v1/audit?user=bob", admin)));
        assertTrue(bobAudit.get("entries").findValuesAsText("action").contains("picture"), "picture fetches are audited");
        assertTrue(bobAudit.get("entries").get(0).get("client").asText().equals("127.0.0.1"));

        String metrics = new String(send(get("/metrics", null)).body(), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("vistruct_records_written_total{type=\"MotorVehicle\"}"), metrics);
        assertTrue(metrics.contains("vistruct_inference_seconds_total{model=\"yolox-nano\"}"));
        assertTrue(metrics.contains("vistruct_http_request_seconds_bucket"));
    }

    @Test
    void faceSearchByMultipartUpload() throws Exception {
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).header("Authorization", "Bearer " + investigator)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("path", SHARED.resolve("media/faces").toString(), "deviceId", "34020000001320000077")))).build());
        assertEquals(201, created.statusCode(), new String(created.body()));
        assertEquals("done", awaitJob(json(created).get("id").asText()).get("state").asText());
        String boundary = "vistructBoundary42";
        byte[] photo = Files.readAllBytes(SHARED.resolve("media/faces/fr_obama.jpg"));
        var body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"minSimilarity\"\r\n\r\n0.4\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(photo);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> res = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/faces/search")).header("Authorization", "Bearer " + investigator)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertEquals(200, res.statusCode(), new String(res.body(), StandardCharsets.UTF_8));
        JsonNode faces = json(res).get("faces");
        assertEquals(4, faces.size(), "the four Obama faces (fr_obama ×3 and the two-people picture) above 0.4: " + faces);
        for (JsonNode f : faces) assertTrue(f.get("SourceFile").asText().contains("obama") || f.get("SourceFile").asText().contains("two_people"), f.toString());
        assertEquals(1.0, faces.get(0).get("Similarity").asDouble(), 0.01, "the photo finds itself first");
    }

    @Test
    void everyErrorHasItsStatusAndAMessage() throws Exception {
        record Case(String what, HttpRequest request, int status) {}
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).header("Content-Type", "application/json");
        List<Case> cases = List.of(
                new Case("malformed plate pattern", get("/api/v1/records?plate=" + enc("皖A[1"), investigator), 400),
                new Case("malformed time", get("/api/v1/records?from=yesterday", investigator), 400),
                new Case("limit out of range", get("/api/v1/records?limit=0", investigator), 400),
                new Case("bad JSON", post.copy().header("Authorization", "Bearer " + investigator).POST(HttpRequest.BodyPublishers.ofString("{\"path\": ")).build(), 400),
                new Case("traversal in a picture key", get("/api/v1/pictures/" + enc("../../etc/passwd"), viewer), 400),
                new Case("no token", get("/api/v1/records", null), 401),
                new Case("wrong token", get("/api/v1/records", "vst_00000000_" + "0".repeat(48)), 401),
                new Case("viewer searching with filters", get("/api/v1/records?plate=" + enc("皖A*"), viewer), 403),
                new Case("viewer creating a job", post.copy().header("Authorization", "Bearer " + viewer).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), 403),
                new Case("investigator reading the audit log", get("/api/v1/audit", investigator), 403),
                new Case("server path outside the roots", post.copy().header("Authorization", "Bearer " + investigator)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"/etc\", \"deviceId\": \"1\"}")).build(), 403),
                new Case("unknown record", get("/api/v1/records/nope", viewer), 404),
                new Case("unknown picture", get("/api/v1/pictures/34020000001320000001/2026/01/01/00/nope-scene.jpg", viewer), 404),
                new Case("unknown job", get("/api/v1/jobs/job-999999", viewer), 404),
                new Case("unknown endpoint", get("/api/v1/nothing", viewer), 404),
                new Case("wrong method", HttpRequest.newBuilder(URI.create(base + "/api/v1/records")).header("Authorization", "Bearer " + admin)
                        .DELETE().build(), 405),
                new Case("upload too large", HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?name=big.mp4&deviceId=1"))
                        .header("Authorization", "Bearer " + investigator).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[9 * 1024 * 1024])).build(), 413));
        for (Case c : cases) {
            HttpResponse<byte[]> r;
            try {
                r = send(c.request());
            } catch (java.io.IOException e) {
                fail(c.what() + ": " + e);
                return;
            }
            assertEquals(c.status(), r.statusCode(), c.what() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            JsonNode body = json(r);
            assertEquals(c.status(), body.get("status").asInt());
            assertFalse(body.get("message").asText().isBlank(), c.what());
            System.out.printf("  %d %-36s %s%n", c.status(), c.what(), body.get("message").asText());
        }
        assertEquals(200, send(get("/api/v1/health", null)).statusCode(), "still up");
    }
}
