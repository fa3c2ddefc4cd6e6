package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;

/**
 * A server analyses the slideshow; one backup is taken while the job writes (consistency) and one
 * after it (round trip). Restored into new data directories with `vistruct restore`, the round trip
 * gives the same records, byte-identical pictures, tokens, watch list, alerts, holds and an intact
 * audit chain; the backup taken mid-job restores with no dangling key and no orphan picture.
 */
class BackupRestoreTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void backupsTakenDuringAndAfterAJobRestoreWholeAndConsistent() throws Exception {
        Path work = Files.createTempDirectory("vistruct-backup"), a = work.resolve("a");
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString()));
        String admin;
        JsonNode recordsA, holdsA, alertsA;
        Map<String, byte[]> picturesA = new HashMap<>();
        try (VistructServer server = new VistructServer(a, config, "127.0.0.1", 0)) {
            admin = server.firstAdminToken();
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), admin);
            assertEquals(201, api.post("/api/v1/watchlist", Map.of("plate", "皖AT022C", "list", "checkpoint", "reason", "stolen")).status());
            JsonNode job = api.post("/api/v1/jobs", Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                    "deviceId", "34020000001320000001", "start", "2026-11-21T08:00:00")).json();
            String jobId = job.path("id").asText();
            long deadline = System.currentTimeMillis() + 180_000;
            while (api.json("/api/v1/records?limit=1").path("total").asInt() < 4 && System.currentTimeMillis() < deadline) Thread.sleep(200);
            JsonNode mid = api.post("/api/v1/backup", Map.of("name", "mid", "objects", true)).json();
            assertTrue(api.json("/api/v1/jobs/" + jobId).path("state").asText().equals("running"), "the mid-job backup was taken while the job wrote");
            while (!api.json("/api/v1/jobs/" + jobId).path("state").asText().equals("done") && System.currentTimeMillis() < deadline) Thread.sleep(300);
            recordsA = api.json("/api/v1/records?limit=1000");
            String someRecord = recordsA.path("records").get(0).path("MotorVehicleID").asText();
            assertEquals(201, api.post("/api/v1/records/" + someRecord + "/holds", Map.of("reason", "case evidence", "case", "A-1")).status());
            JsonNode end = api.post("/api/v1/backup", Map.of("name", "end", "objects", true)).json();
            System.out.printf("backups: mid-job %s; after the job %s%n", mid, end);
            assertEquals(recordsA.path("total").asLong(), end.path("records").asLong());
            assertTrue(mid.path("records").asLong() >= 4 && mid.path("records").asLong() < end.path("records").asLong(), mid.toString());
            holdsA = api.json("/api/v1/holds");
            alertsA = api.json("/api/v1/alerts");
            for (JsonNode r : recordsA.path("records")) {
                for (String f : List.of("StorageUrl1", "StorageUrl2", "StorageUrl3")) {
                    if (r.hasNonNull(f)) picturesA.put(r.get(f).asText(), picture(api, admin, r.get(f).asText()));
                }
            }
        }

        Path b = work.resolve("b");
        CliProcess.Result restored = CliProcess.run(work, Map.of(), "--data", b.toString(), "restore", a.resolve("backups/end").toString());
        assertEquals(0, restored.exit(), restored.out() + restored.err());
        System.out.println("vistruct restore: " + restored.out().trim());
        try (VistructServer server = new VistructServer(b, config, "127.0.0.1", 0)) {
            assertNull(server.firstAdminToken(), "the tokens came back: no new admin token");
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), admin);
            assertEquals(recordsA, api.json("/api/v1/records?limit=1000"), "the same records, field for field");
            for (var e : picturesA.entrySet()) assertArrayEquals(e.getValue(), picture(api, admin, e.getKey()), e.getKey());
            assertEquals(holdsA, api.json("/api/v1/holds"), "the same evidence holds");
            assertEquals(alertsA.path("total"), api.json("/api/v1/alerts").path("total"));
            assertEquals(1, api.json("/api/v1/watchlist").path("entries").size());
            assertTrue(api.json("/api/v1/audit/verify").path("intact").asBoolean(), "the audit chain came back intact");
            JsonNode sweep = api.post("/api/v1/retention/sweep", Map.of()).json();
            assertEquals(0, sweep.path("orphanObjects").asInt(), sweep.toString());
            assertEquals(0, sweep.path("danglingKeys").asInt(), sweep.toString());
            System.out.printf("round trip: %d records, %d pictures byte-identical, %d holds, %s alerts%n", recordsA.path("total").asInt(), picturesA.size(),
                    holdsA.path("holds").size(), alertsA.path("total"));
        }

        Path c = work.resolve("c");
        DataBackup.Restored mid = DataBackup.restore(a.resolve("backups/mid"), c, config);
        assertEquals(0, mid.picturesMissing());
        try (VistructServer server = new VistructServer(c, config, "127.0.0.1", 0)) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), admin);
            assertEquals(mid.manifest().records(), api.json("/api/v1/records?limit=1").path("total").asLong());
            JsonNode sweep = api.post("/api/v1/retention/sweep", Map.of()).json();
            assertEquals(0, sweep.path("orphanObjects").asInt(), "a backup taken mid-job: " + sweep);
            assertEquals(0, sweep.path("danglingKeys").asInt(), "a backup taken mid-job: " + sweep);
            assertTrue(api.json("/api/v1/audit/verify").path("intact").asBoolean());
            JsonNode jobs = api.json("/api/v1/jobs");
            assertEquals(1, jobs.path("jobs").get(0).path("resumes").asInt(), "the job the backup caught running is resumed from its checkpoint: " + jobs);
        }
    }

    private static byte[] picture(ApiClient api, String token, String key) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/pictures/" + key)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), key);
        return r.body();
    }
}
