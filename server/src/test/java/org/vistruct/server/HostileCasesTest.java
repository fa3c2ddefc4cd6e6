package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.server.http.Role;

/**
 * The holes a hostile tester found, each tried again: a symbolic link out of jobs.path-roots, an
 * upload without a token (and too many at once), a viewer paging through history, a picture that
 * declares 30000×30000 pixels (as a job and as a face-search photo), a video with a corrupt middle,
 * X-Forwarded-For from anyone, refused requests and stream subscriptions missing from the audit
 * trail, a token that cannot be revoked.
 */
class HostileCasesTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void eachHoleFoundIsClosed() throws Exception {
        Path work = Files.createTempDirectory("vistruct-hostile"), data = work.resolve("data"), root = Files.createDirectories(work.resolve("cases"));
        Files.createSymbolicLink(root.resolve("escape.mp4"), SHARED.resolve("media/video/plates_slideshow_h264.mp4"));
        Path folder = Files.createDirectories(root.resolve("folder"));
        Files.createSymbolicLink(folder.resolve("etc"), Path.of("/etc"));
        Files.write(root.resolve("bomb.png"), pngDeclaring(30000, 30000));
        byte[] video = Files.readAllBytes(SHARED.resolve("media/video/plates_slideshow_h264.mp4"));
        Random rnd = new Random(5);
        for (int i = (int) (video.length * 0.40); i < (int) (video.length * 0.52); i++) video[i] = (byte) rnd.nextInt(256);
        Files.write(root.resolve("corrupt.mp4"), video);
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_JOBS_PATH_ROOTS", root.toString(), "VISTRUCT_HTTP_UPLOADS_PER_TOKEN", "1",
                "VISTRUCT_HTTP_TRUSTED_PROXIES", "127.0.0.1", "VISTRUCT_GB28181_ENABLED", "false"));
        try (VistructServer server = new VistructServer(data, config, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port(), admin = server.firstAdminToken();
            ApiClient api = new ApiClient(base, admin);
            String viewer = api.post("/api/v1/tokens", Map.of("name", "bob", "role", "viewer")).json().path("token").asText();
            String alice = TestConfigs.token(data, config, "alice", Role.INVESTIGATOR);
            ApiClient investigator = api.as(alice);

            // 1. links out of the roots, a file or one inside a folder
            ApiClient.Answer a = investigator.post("/api/v1/jobs", Map.of("path", root.resolve("escape.mp4").toString(), "deviceId", "1"));
            assertEquals(403, a.status(), a.text());
            assertTrue(a.text().contains("leads outside"), a.text());
            assertEquals(403, investigator.post("/api/v1/jobs", Map.of("path", folder.toString(), "deviceId", "1")).status());

            // 2. an upload without a token is refused before its body reaches the disk; a viewer's too; one at a time per token
            long t0 = System.currentTimeMillis();
            String refused = rawUpload(server.port(), null, 30 << 20);
            assertTrue(refused.startsWith("HTTP/1.1 401"), refused);
            assertTrue(System.currentTimeMillis() - t0 < 30_000);
            assertTrue(rawUpload(server.port(), viewer, 1 << 20).startsWith("HTTP/1.1 403"));
            assertEquals(List.of(), uploadParts(data), "nothing of a refused upload was written");
            try (Socket slow = new Socket("127.0.0.1", server.port())) {
                OutputStream out = slow.getOutputStream();
                out.write(("POST /api/v1/jobs?name=a.mp4&deviceId=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice
                        + "\r\nContent-Type: video/mp4\r\nContent-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[100_000]);
                out.flush();
                Thread.sleep(300);
                assertTrue(rawUpload(server.port(), alice, 1 << 16).startsWith("HTTP/1.1 429"), "a second upload of the same token while one is under way");
            }

            // 3. viewers see the latest records, not history
            ApiClient asViewer = api.as(viewer);
            assertEquals(200, asViewer.get("/api/v1/records").status());
            assertEquals(403, asViewer.get("/api/v1/records?offset=50").status());
            assertEquals(403, asViewer.get("/api/v1/records?limit=1000").status());
            assertEquals(403, asViewer.get("/api/v1/records?sort=time").status());

            // 4. a picture bomb: refused by its declared size, as a job and as a face-search photo
            String bombJob = investigator.post("/api/v1/jobs", Map.of("path", root.resolve("bomb.png").toString(), "deviceId", "1")).json().path("id").asText();
            JsonNode bomb = waitForJob(investigator, bombJob);
            assertEquals("failed", bomb.path("state").asText(), bomb.toString());
            assertTrue(bomb.path("error").asText().contains("declares 30000×30000"), bomb.toString());
            HttpResponse<String> face = faceSearch(base, alice, Files.readAllBytes(root.resolve("bomb.png")));
            assertEquals(400, face.statusCode(), face.body());
            assertTrue(face.body().contains("declares 30000×30000"), face.body());

            // 5. a video with a corrupt middle: done, with the frames it lost and where
            String corruptJob = investigator.post("/api/v1/jobs", Map.of("path", root.resolve("corrupt.mp4").toString(), "deviceId", "34020000001320000001"))
                    .json().path("id").asText();
            JsonNode corrupt = waitForJob(investigator, corruptJob);
            assertEquals("done", corrupt.path("state").asText(), corrupt.toString());
            assertTrue(corrupt.path("warnings").toString().contains("frames could not be decoded, at "), corrupt.toString());
            System.out.println("corrupt-middle video: " + corrupt.path("warnings") + ", " + corrupt.path("records") + " records");

            // 6. X-Forwarded-For: believed from the configured proxy (127.0.0.1), ignored from anyone else (127.0.0.2)
            HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/records?plate=皖A*".replace("皖", "%E7%9A%96"))).header("Authorization", "Bearer " + alice)
                    .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.discarding());
            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                other.connect(new InetSocketAddress("127.0.0.1", server.port()));
                other.getOutputStream().write(("GET /api/v1/records?plate=%E6%B5%99G* HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice
                        + "\r\nX-Forwarded-For: 198.51.100.7\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                other.getInputStream().readAllBytes();
            }
            Set<String> clients = new HashSet<>();
            api.json("/api/v1/audit?user=alice&action=search").path("entries").forEach(e -> clients.add(e.path("client").asText()));
            assertTrue(clients.contains("203.0.113.9") && clients.contains("127.0.0.2") && !clients.contains("198.51.100.7"), clients.toString());

            // 7. a stream subscription and every refusal are in the audit trail
            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/records/stream")).header("Authorization", "Bearer " + viewer).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            stream.body().readNBytes(10);
            stream.body().close();
            assertEquals(1, api.json("/api/v1/audit?user=bob&action=stream").path("entries").size());
            Set<Integer> statuses = new HashSet<>();
            api.json("/api/v1/audit?action=refused&limit=100").path("entries").forEach(e -> statuses.add(e.path("status").asInt()));
            assertTrue(statuses.containsAll(Set.of(401, 403, 429)), "refusals audited with their status: " + statuses);

            // 8. a token revoked works no more, at once
            String bobId = viewer.substring(4, 12);
            assertEquals(200, api.delete("/api/v1/tokens/" + bobId).status());
            assertEquals(401, asViewer.get("/api/v1/records").status());
            assertTrue(api.json("/api/v1/audit/verify").path("intact").asBoolean());
        }
    }

    private static JsonNode waitForJob(ApiClient api, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        JsonNode j;
        do {
            Thread.sleep(300);
            j = api.json("/api/v1/jobs/" + id);
        } while (j.path("state").asText().matches("queued|running") && System.currentTimeMillis() < deadline);
        return j;
    }

    /** A POST of a video body over a raw socket; returns the status line and what followed, or what the server closed with. */
    private static String rawUpload(int port, String token, int bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/jobs?name=a.mp4&deviceId=1 HTTP/1.1\r\nHost: x\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: video/mp4\r\nContent-Length: " + bytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 16];
            try {
                for (int sent = 0; sent < bytes; sent += chunk.length) out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                out.flush();
            } catch (java.io.IOException closed) {
                // the server answered and closed early: read what it said
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(got);
            } catch (java.io.IOException reset) {
                // closed after the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<Path> uploadParts(Path data) throws Exception {
        Path uploads = data.resolve("uploads");
        if (!Files.exists(uploads)) return List.of();
        try (Stream<Path> s = Files.walk(uploads)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static HttpResponse<String> faceSearch(String base, String token, byte[] photo) throws Exception {
        String boundary = "b" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"bomb.png\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(photo);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/faces/search")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A real PNG (signature, IHDR, a tiny IDAT, IEND) whose header declares the given size. */
    static byte[] pngDeclaring(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(new byte[4096]);
        d.finish();
        byte[] z = new byte[8192];
        int n = d.deflate(z);
        chunk(out, "IDAT", java.util.Arrays.copyOf(z, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
