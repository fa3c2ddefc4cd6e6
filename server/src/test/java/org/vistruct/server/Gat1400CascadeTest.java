package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.SharedDirectory;

/**
 * Two vistruct instances over real HTTP on loopback, one cascaded under the other: the lower one
 * registers with the upper one, analyses the labelled plate slideshow and pushes its records; the
 * upper one holds the same records with identical fields and pictures; the upper one's subscription
 * to the lower one's faces and vehicles receives them too; a disposition the upper one sends down
 * raises a DispositionNotification back up when the plate passes the lower one.
 */
class Gat1400CascadeTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UPPER_ID = "34010000005030000001", LOWER_ID = "34020000005030000001";
    private static final String WATCHED = "皖AB627G"; // the slideshow's first plate (media/labels/video_plates.csv)

    @Test
    void lowerAnalysesAndPushesUpperHoldsSubscribesAndDisposes(@TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) Path work) throws Exception {
        int upperPort = ServerProcess.freePort(), lowerPort = ServerProcess.freePort();
        Map<String, String> upperEnv = Map.of("VISTRUCT_SHARED", SHARED.toString(), "VISTRUCT_GAT1400_SERVER_ID", UPPER_ID,
                "VISTRUCT_GAT1400_LOWERS", LOWER_ID + "=http://127.0.0.1:" + lowerPort, "VISTRUCT_GAT1400_PASSWORDS", LOWER_ID + "=cascade-pass",
                "VISTRUCT_GAT1400_ALLOW_UNKNOWN", "false");
        Map<String, String> lowerEnv = Map.of("VISTRUCT_SHARED", SHARED.toString(), "VISTRUCT_GAT1400_SERVER_ID", LOWER_ID,
                "VISTRUCT_GAT1400_UPPERS", UPPER_ID + "=http://127.0.0.1:" + upperPort, "VISTRUCT_GAT1400_UPPER_PASSWORD", "cascade-pass",
                "VISTRUCT_GAT1400_UPPER_KEEPALIVE_S", "2", "VISTRUCT_GAT1400_RETRY_FIRST_MS", "200", "VISTRUCT_GAT1400_RETRY_MAX_MS", "2000",
                "VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString());
        try (ServerProcess upper = ServerProcess.start(work, work.resolve("upper"), upperEnv, "upper.log", upperPort);
             ServerProcess lower = ServerProcess.start(work, work.resolve("lower"), lowerEnv, "lower.log", lowerPort)) {
            ApiClient up = new ApiClient(upper.base(), upper.firstAdminToken()), low = new ApiClient(lower.base(), lower.firstAdminToken());
            await(() -> low.json("/api/v1/viid").at("/uppers/0/registered").asBoolean(), 30, "the lower platform registers with the upper one");
            assertTrue(up.json("/api/v1/viid").path("senders").toString().contains(LOWER_ID));

            ObjectNode sub = JSON.createObjectNode().put("SubscribeID", UPPER_ID + "2026112900001").put("Title", "lower faces and vehicles")
                    .put("SubscribeDetail", "12,13").put("ResultImageDeclare", "-1");
            ApiClient.Answer s = up.post("/api/v1/viid/lowers/" + LOWER_ID + "/subscribes", sub);
            assertEquals(200, s.status(), s.text());
            String dispositionId = UPPER_ID + "2026112900002";
            ObjectNode disp = JSON.createObjectNode().put("DispositionID", dispositionId).put("Title", "布控 " + WATCHED).put("DispositionCategory", "2")
                    .put("PlateNo", WATCHED).put("PriorityLevel", 1).put("Reason", "cascade test");
            ApiClient.Answer d = up.post("/api/v1/viid/lowers/" + LOWER_ID + "/dispositions", disp);
            assertEquals(200, d.status(), d.text());

            ApiClient.Answer job = low.post("/api/v1/jobs", Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                    "deviceId", "34020000001320000001", "start", "2026-11-21T08:00:00"));
            assertEquals(201, job.status(), job.text());
            String jobId = job.json().path("id").asText();
            await(() -> low.json("/api/v1/jobs/" + jobId).path("state").asText().matches("done|failed"), 300, "the slideshow is analysed");
            assertEquals("done", low.json("/api/v1/jobs/" + jobId).path("state").asText());

            JsonNode lowerRecords = low.json("/api/v1/records?limit=1000").path("records");
            assertTrue(lowerRecords.size() >= 10, "the slideshow gives vehicles: " + lowerRecords.size());
            await(() -> up.json("/api/v1/health").path("records").asInt() >= lowerRecords.size(), 120, "the upper platform holds every record of the lower one");
            int pictures = 0;
            Set<String> expectedNotified = new HashSet<>();
            String watchedRecord = null;
            for (JsonNode lr : lowerRecords) {
                String type = lr.path("Type").asText(), id = lr.path(type + "ID").asText();
                JsonNode expected = comparable(low.json("/api/v1/records/" + id));
                // a record the subscription brought first (it declared no pictures) is completed by the push that follows
                JsonNode ur = up.json("/api/v1/records/" + id);
                for (long until = System.currentTimeMillis() + 60_000; !comparable(ur).equals(expected) && System.currentTimeMillis() < until; ) {
                    Thread.sleep(250);
                    ur = up.json("/api/v1/records/" + id);
                }
                assertEquals(expected, comparable(ur), "record " + id + " on the upper platform");
                for (String k : List.of("StorageUrl1", "StorageUrl2", "StorageUrl3")) {
                    if (!lr.has(k)) continue;
                    assertArrayEquals(picture(low, lr.path(k).asText()), picture(up, ur.path(k).asText()), k + " of " + id);
                    pictures++;
                }
                if (type.equals("MotorVehicle") || type.equals("Face")) expectedNotified.add(id);
                if (WATCHED.equals(lr.path("PlateNo").asText())) watchedRecord = id;
            }
            assertTrue(watchedRecord != null, "the slideshow shows " + WATCHED + " (labels)");

            await(() -> notified(up).containsAll(expectedNotified), 60, "the upper platform's subscription receives the lower one's vehicles and faces");
            String hit = watchedRecord;
            await(() -> {
                for (JsonNode n : up.json("/api/v1/viid/notifications?kind=disposition").path("notifications")) {
                    if (n.path("ref").asText().equals(dispositionId) && n.at("/body/CntObjectID").asText().equals(hit)) return true;
                }
                return false;
            }, 60, "a DispositionNotification for " + WATCHED + " reaches the upper platform");
            JsonNode link = low.json("/api/v1/viid").at("/uppers/0");
            System.out.printf("GA/T 1400 cascade: the lower platform analysed the slideshow into %d records and pushed %d to the upper one (queued %d, failures %d); "
                    + "the upper one holds all with identical fields and %d byte-identical pictures; its subscription received %d vehicles and faces; "
                    + "the disposition of %s came back as a DispositionNotification for %s%n", lowerRecords.size(), link.path("pushed").asLong(), link.path("queued").asLong(),
                    link.path("failures").asLong(), pictures, notified(up).size(), WATCHED, hit);
        }
    }

    /** A record as the API shows it, less what is local to the platform that holds it: where it was analysed from, and alert flags. */
    private static JsonNode comparable(JsonNode r) {
        ObjectNode c = r.deepCopy();
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("SourceFile") || f.equals("SourceOffsetMs") || f.equals("Alerted") || f.equals("AlertIDs") || f.equals("Retention") || f.startsWith("Expires")
                    || f.startsWith("SceneExpires")) it.remove();
        }
        return c;
    }

    private static Set<String> notified(ApiClient up) throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode n : up.json("/api/v1/viid/notifications?kind=subscribe&limit=1000").path("notifications")) {
            for (String id : n.at("/body/InfoIDs").asText().split(",")) if (!id.isBlank()) ids.add(id);
        }
        return ids;
    }

    private static byte[] picture(ApiClient api, String key) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/pictures/" + key)).header("Authorization", "Bearer " + api.token()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), key);
        return r.body();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check c, int seconds, String what) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            if (c.ok()) return;
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + seconds + " s: " + what);
    }
}
