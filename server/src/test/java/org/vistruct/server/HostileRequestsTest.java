package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A thousand malformed or hostile requests over raw sockets: the server answers each (or closes), never with 500, and stays up. */
class HostileRequestsTest {
    private static final String[] PATHS = {"/api/v1/records", "/api/v1/jobs", "/api/v1/login", "/api/v1/faces/search", "/api/v1/pictures/x",
            "/api/v1/audit", "/metrics", "/", "/ui/app.js", "/api/v1/records/stream", "/api/v1/watchlist", "/api/v1/watchlist/import",
            "/api/v1/watchlist/faces", "/api/v1/watchlist/x", "/api/v1/alerts", "/api/v1/alerts/stream", "/api/v1/subscribers", "/api/v1/subscribers/x"};

    @Test
    void aThousandHostileRequestsLeaveTheServerUp() throws Exception {
        Path data = Files.createTempDirectory("vistruct-hostile");
        long seed = System.nanoTime();
        try (VistructServer server = new VistructServer(data, TestConfigs.load(Map.of("VISTRUCT_HTTP_MAX_BODY_MB", "1",
                "VISTRUCT_HTTP_MAX_UPLOAD_MB", "2")), "127.0.0.1", 0)) {
            int port = server.port();
            String token = server.firstAdminToken();
            List<byte[]> requests = new ArrayList<>();
            Random rnd = new Random(seed);
            for (int i = 0; i < 1000; i++) requests.add(hostile(rnd, i, token));
            Map<String, Integer> outcomes = new TreeMap<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<String>> results = new ArrayList<>();
                for (byte[] r : requests) results.add(pool.submit(() -> exchange(port, r)));
                for (Future<String> f : results) outcomes.merge(f.get(), 1, Integer::sum);
            }
            System.out.println("hostile requests (seed " + seed + "): " + outcomes);
            assertFalse(outcomes.containsKey("500"), "no request makes the server fail: " + outcomes);
            assertEquals("200", exchange(port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals("200", exchange(port, ("GET /api/v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8)), "and still serves real requests");
        }
    }

    private static byte[] hostile(Random rnd, int i, String token) {
        String path = PATHS[rnd.nextInt(PATHS.length)];
        String auth = rnd.nextBoolean() ? "Authorization: Bearer " + token + "\r\n" : "";
        return switch (i % 12) {
            case 0 -> randomBytes(rnd, 1 + rnd.nextInt(2000));
            case 1 -> ("GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000 + rnd.nextInt(20_000)) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            case 2 -> ("GET /" + "b".repeat(5000 + rnd.nextInt(10_000)) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("GET /api/v1/pictures/" + List.of("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "a/../../b.jpg", "/etc/shadow",
                    "34020000001320000001/2026/11/21/08/..%2F..%2Fx-scene.jpg").get(rnd.nextInt(6)) + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> (List.of("PUT", "PATCH", "TRACE", "OPTIONS", "DELETE", "BREW", "").get(rnd.nextInt(7)) + " " + path
                    + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            case 5 -> json("POST", List.of("/api/v1/jobs", "/api/v1/login", "/api/v1/watchlist", "/api/v1/watchlist/import", "/api/v1/subscribers").get(rnd.nextInt(5)), auth,
                    List.of("{", "[]", "null", "{\"path\": 5}", "{\"token\": {\"$ne\": null}}", "\"\u0000\"", "{\"path\": \"" + "x".repeat(3000) + "\"}",
                            "{\"path\": \"/etc/passwd\", \"deviceId\": \"../../x\"}", "{\"plate\": 5}", "{\"plate\": \"*\"}", "{\"plate\": \"皖A1\", \"priority\": 99}",
                            "{\"vehicle\": \"red\"}", "{\"vehicle\": {}}", "{\"vehicle\": {\"timeOfDay\": \"25:00-99:99\"}}", "{\"plates\": \"皖A12345\"}",
                            "{\"plates\": [null, 5, \"\"]}", "{\"plate\": \"皖AT022C\", \"validFrom\": \"2026-12-01T00:00:00\", \"validTo\": \"2026-01-01T00:00:00\"}",
                            "{\"name\": \"x\", \"url\": \"file:///etc/passwd\"}", "{\"name\": \"x\", \"url\": \"http://127.0.0.1:1/\", \"secret\": \"short\"}",
                            "{\"name\": \"x\", \"url\": \"http://127.0.0.1:1/\", \"id\": \"../../x\"}", "{\"list\": \"<script>\", \"plate\": \"皖AT022C\"}").get(rnd.nextInt(21)));
            case 6 -> ("POST " + List.of("/api/v1/faces/search", "/api/v1/watchlist/faces").get(rnd.nextInt(2)) + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: multipart/form-data; boundary=zz\r\nContent-Length: 40\r\nConnection: close\r\n\r\n--zz\r\nnot really a multipart body")
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> ("POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 100000\r\nConnection: close\r\n\r\nshort body then gone").getBytes(StandardCharsets.UTF_8);
            case 8 -> ("POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 999999999999\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            case 9 -> ("GET /api/v1/records?plate=" + List.of("%E7%9A%96%5B", "%FF%FE", "*?*?*?*?*?*?*?*?*?", "%27%20OR%201%3D1", "a".repeat(200)).get(rnd.nextInt(5))
                    + "&limit=" + List.of("-1", "x", "99999999999", "5").get(rnd.nextInt(4)) + "&from=" + List.of("2026-13-45T00:00:00", "0", "x").get(rnd.nextInt(3))
                    + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            case 10 -> ("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + List.of("vst_", "vst_zzzzzzzz_" + "0".repeat(48), "' OR 1=1", "x".repeat(500)).get(rnd.nextInt(4))
                    + "\r\nCookie: vistruct_token=" + "%00".repeat(rnd.nextInt(5)) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            default -> ("GET " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nnot hex\r\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] json(String method, String path, String auth, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** Sends raw bytes; returns the status code answered, "closed" when the server closed without one, or "timeout". */
    private static String exchange(int port, byte[] request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (java.io.IOException closedEarly) {
                // the server may refuse and close before everything is written
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; got.size() < 64 * 1024 && (n = in.read(buf)) > 0; ) got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                if (got.size() == 0) return "timeout";
            } catch (java.io.IOException reset) {
                // connection reset after the answer
            }
            String head = got.toString(StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 ")) return "closed";
            return head.substring(9, 12);
        } catch (java.io.IOException e) {
            return "closed";
        }
    }
}
