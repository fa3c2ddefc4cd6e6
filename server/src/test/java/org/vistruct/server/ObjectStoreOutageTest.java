package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.testservers.S3MockServer;

/**
 * The object store is a separate process (S3Mock) and goes away for 60 s in the middle of a job:
 * records are spooled, the spool is seen rising in the metrics and the health, and once the store is
 * back it drains without a restart: every record present, none replaced by an older form, every
 * picture there. A server also starts and searches with its store away, and wrong credentials are
 * called wrong credentials.
 */
class ObjectStoreOutageTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long OUTAGE_MS = Long.getLong("vistruct.outage.ms", 60_000);

    @Test
    void aStoreAwayForAMinuteLosesNothingAndNeedsNoRestart() throws Exception {
        Path work = Files.createTempDirectory("vistruct-outage");
        S3MockServer s3 = S3MockServer.start(work.resolve("s3"));
        int port = s3.port();
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_STORAGE_MODE", "s3", "VISTRUCT_STORAGE_ENDPOINT", s3.endpoint(),
                "VISTRUCT_STORAGE_ACCESS_KEY", "any", "VISTRUCT_STORAGE_SECRET_KEY", "anysecret", "VISTRUCT_STORAGE_ATTEMPTS", "2",
                "VISTRUCT_STORAGE_BACKOFF_MS", "200", "VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString(), "VISTRUCT_GB28181_ENABLED", "false",
                "VISTRUCT_JOBS_REALTIME", "true"));
        Map<String, ObjectNode> lastShown = new ConcurrentHashMap<>();
        List<Long> spoolSeen = new ArrayList<>();
        try (VistructServer server = new VistructServer(work.resolve("data"), config, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port(), admin = server.firstAdminToken();
            ApiClient api = new ApiClient(base, admin);
            Thread stream = follow(base, admin, lastShown);
            // the slideshow at its own pace (32 s), so the outage falls in the middle of it
            String job = api.post("/api/v1/jobs", Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                    "deviceId", "34020000001320000001", "start", "2026-11-21T08:00:00")).json().path("id").asText();
            long deadline = System.currentTimeMillis() + 120_000;
            while (api.json("/api/v1/records?limit=1").path("total").asInt() < 3 && System.currentTimeMillis() < deadline) Thread.sleep(200);
            s3.kill();
            long down = System.currentTimeMillis();
            while (System.currentTimeMillis() - down < OUTAGE_MS) {
                spoolSeen.add(metric(base, "vistruct_spooled_records"));
                Thread.sleep(1000);
            }
            JsonNode health = api.json("/api/v1/health");
            assertEquals("degraded", health.path("status").asText(), health.toString());
            assertTrue(health.path("objectStore").path("error").asText().contains("unreachable"), health.toString());
            long peak = spoolSeen.stream().mapToLong(Long::longValue).max().orElse(0);
            assertTrue(peak > 0, "records were spooled during the outage: " + spoolSeen);
            s3 = S3MockServer.start(work.resolve("s3"), port); // back, on the same port, with what it held
            long back = System.currentTimeMillis();
            while ((metric(base, "vistruct_spooled_records") > 0 || !api.json("/api/v1/jobs/" + job).path("state").asText().matches("done|failed"))
                    && System.currentTimeMillis() - back < 180_000) Thread.sleep(500);
            long drainedAfter = System.currentTimeMillis() - back;
            assertEquals(0, metric(base, "vistruct_spooled_records"), "the spool drained without a restart");
            assertEquals("done", api.json("/api/v1/jobs/" + job).path("state").asText());
            Thread.sleep(1000);
            stream.interrupt();
            // every record as last shown (its final form), with all its pictures
            JsonNode all = api.json("/api/v1/records?limit=1000");
            int checked = 0;
            for (var e : lastShown.entrySet()) {
                ObjectNode shown = e.getValue();
                JsonNode now = api.json("/api/v1/records/" + e.getKey());
                ObjectNode a = shown.deepCopy(), b = (ObjectNode) now.deepCopy();
                for (ObjectNode n : List.of(a, b)) n.remove(List.of("Provisional", "Spooled", "Type", "Retention", "Alerted", "AlertIDs"));
                assertEquals(a, b, "record " + e.getKey() + " as last shown");
                for (String f : List.of("StorageUrl1", "StorageUrl2", "StorageUrl3")) {
                    if (now.hasNonNull(f)) assertEquals(200, api.get("/api/v1/pictures/" + now.get(f).asText()).status(), now.get(f).asText());
                }
                checked++;
            }
            assertEquals(all.path("total").asInt(), lastShown.size(), "every record searchable was shown, and the other way round");
            System.out.printf("object store down %d s mid-job: spool rose to %d records (%s), drained %.1f s after the store came back; %d records, each as last shown, "
                    + "every picture there; drained %d, superseded %d%n", OUTAGE_MS / 1000, peak, spoolSeen, drainedAfter / 1000.0, checked,
                    metric(base, "vistruct_spool_drained_total"), metric(base, "vistruct_spool_superseded_total"));
        } finally {
            s3.close();
        }

        // a server starts and searches with its store away; the health says why
        try (VistructServer server = new VistructServer(work.resolve("data2"), config, "127.0.0.1", 0)) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), server.firstAdminToken());
            assertEquals(200, api.get("/api/v1/records?plate=" + "%E7%9A%96A*").status());
            assertTrue(api.json("/api/v1/health").path("objectStore").path("error").asText().contains("unreachable"));
        }
        // wrong credentials are named so
        try (EmbeddedS3Server real = new EmbeddedS3Server(work.resolve("objects"));
             VistructServer server = new VistructServer(work.resolve("data3"), TestConfigs.load(Map.of("VISTRUCT_STORAGE_MODE", "s3",
                     "VISTRUCT_STORAGE_ENDPOINT", real.settings("vistruct").endpoint(), "VISTRUCT_STORAGE_ACCESS_KEY", "intruder", "VISTRUCT_STORAGE_SECRET_KEY",
                     "notthesecret", "VISTRUCT_GB28181_ENABLED", "false")), "127.0.0.1", 0)) {
            JsonNode h = new ApiClient("http://127.0.0.1:" + server.port(), server.firstAdminToken()).json("/api/v1/health");
            assertTrue(h.path("objectStore").path("error").asText().contains("wrong credentials"), h.toString());
        }
    }

    private static long metric(String base, String name) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        long sum = 0;
        while (m.find()) sum += (long) Double.parseDouble(m.group(2));
        return sum;
    }

    /** Keeps the last form of every record announced on the record stream. */
    private static Thread follow(String base, String token, Map<String, ObjectNode> shown) {
        return Thread.ofVirtual().start(() -> {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/records/stream")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofLines()).body().forEach(line -> {
                    if (!line.startsWith("data:")) return;
                    try {
                        ObjectNode r = (ObjectNode) JSON.readTree(line.substring(5).trim());
                        String id = Stream.of("MotorVehicleID", "FaceID", "PersonID").filter(r::has).map(f -> r.get(f).asText()).findFirst().orElseThrow();
                        shown.put(id, r);
                    } catch (Exception ignored) {
                        // not a record
                    }
                });
            } catch (Exception stopped) {
                // the test moved on
            }
        });
    }
}
