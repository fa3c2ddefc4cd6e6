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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;

/**
 * Nothing acknowledged is lost: `vistruct serve` runs in its own JVM and analyses the slideshow as
 * a job; it is killed with SIGKILL at 20 random moments and started again each time. Every record
 * it had acknowledged before a kill (announced on the record stream, or found by a search) must be
 * there afterwards with identical fields (a provisional one may have become final) and with its
 * pictures; interrupted jobs resume from their last checkpoint without writing a vehicle twice.
 */
class CrashRecoveryTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int KILLS = Integer.getInteger("vistruct.crash.kills", 20);

    /** What was acknowledged of a record: its fields as last shown, and whether that was its final form. */
    private record Acked(ObjectNode fields, boolean provisional) {}

    @Test
    void everyAcknowledgedRecordSurvivesKillsAtRandomMoments() throws Exception {
        Path work = Files.createTempDirectory("vistruct-crash"), data = work.resolve("data");
        Map<String, String> env = Map.of("VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString(), "VISTRUCT_SHARED", SHARED.toString());
        Random rnd = new Random(Long.getLong("vistruct.crash.seed", 20261129L));
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        List<String> jobs = new ArrayList<>();
        ServerProcess server = ServerProcess.start(work, data, env, "serve-0.log");
        String token = server.firstAdminToken();
        long checked = 0, lost = 0, changed = 0;
        int resumed = 0;
        try {
            jobs.add(submit(server, token, 0));
            for (int kill = 1; kill <= KILLS; kill++) {
                Thread stream = follow(server, token, acked);
                Thread.sleep(1500 + rnd.nextInt(6000));
                for (JsonNode r : search(server, token)) acked.putIfAbsent(id(r), new Acked((ObjectNode) r, true)); // seen by search: at least provisional
                server.kill();
                stream.interrupt();
                server = ServerProcess.start(work, data, env, "serve-" + kill + ".log");
                // every record acknowledged so far is there, as it was (or in its final form), with its pictures
                for (var e : acked.entrySet()) {
                    checked++;
                    HttpResponse<String> r = HTTP.send(request(server, token, "/api/v1/records/" + e.getKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        lost++;
                        System.out.println("LOST after kill " + kill + ": " + e.getKey() + " " + e.getValue().fields());
                        continue;
                    }
                    ObjectNode now = comparable((ObjectNode) JSON.readTree(r.body()));
                    if (!e.getValue().provisional() && !now.equals(comparable(e.getValue().fields()))) {
                        changed++;
                        System.out.println("CHANGED after kill " + kill + ": " + e.getValue().fields() + " → " + now);
                    }
                    for (String f : List.of("StorageUrl1", "StorageUrl2", "StorageUrl3")) {
                        if (now.hasNonNull(f)) assertEquals(200, status(server, token, "/api/v1/pictures/" + now.get(f).asText()), "picture " + now.get(f) + " of " + e.getKey());
                    }
                }
                for (String job : jobs) {
                    JsonNode j = json(server, token, "/api/v1/jobs/" + job);
                    String state = j.path("state").asText();
                    assertTrue(state.equals("queued") || state.equals("running") || state.equals("done") || (state.equals("failed") && j.hasNonNull("error")),
                            "job " + job + " after kill " + kill + ": " + j);
                    resumed = Math.max(resumed, j.path("resumes").asInt());
                }
                if (json(server, token, "/api/v1/jobs/" + jobs.getLast()).path("state").asText().equals("done")) jobs.add(submit(server, token, jobs.size()));
            }
            Thread stream = follow(server, token, acked);
            long deadline = System.currentTimeMillis() + 240_000;
            for (String job : jobs) {
                while (!json(server, token, "/api/v1/jobs/" + job).path("state").asText().matches("done|failed") && System.currentTimeMillis() < deadline) Thread.sleep(500);
                assertEquals("done", json(server, token, "/api/v1/jobs/" + job).path("state").asText(), "job " + job + " ends done after its resumptions");
            }
            stream.interrupt();
            // no vehicle written twice: re-analysis after a resume gives the same ids, so no two records of one plate overlap in time
            List<JsonNode> all = search(server, token);
            int overlaps = 0;
            for (int i = 0; i < all.size(); i++) {
                for (int k = i + 1; k < all.size(); k++) {
                    JsonNode a = all.get(i), b = all.get(k);
                    if (!a.has("PlateNo") || a.path("PlateNo").asText().equals("无车牌") || !a.path("PlateNo").asText().equals(b.path("PlateNo").asText())
                            || !a.path("DeviceID").equals(b.path("DeviceID"))) continue; // several cars without a plate may share a frame
                    if (a.path("AppearTime").asText().compareTo(b.path("DisappearTime").asText()) <= 0
                            && b.path("AppearTime").asText().compareTo(a.path("DisappearTime").asText()) <= 0) {
                        overlaps++;
                        System.out.println("DUPLICATE: " + a + " / " + b);
                    }
                }
            }
            System.out.printf("crash test: %d kills (SIGKILL) during %d slideshow jobs, jobs resumed up to %d times; %d records acknowledged, "
                    + "%d checks after restarts, lost %d, changed %d, duplicated vehicles %d; %d records at the end%n", KILLS, jobs.size(), resumed, acked.size(),
                    checked, lost, changed, overlaps, all.size());
            assertEquals(0, lost, "acknowledged records lost");
            assertEquals(0, changed, "acknowledged final records changed");
            assertEquals(0, overlaps, "vehicles written twice");
            assertTrue(resumed >= 1, "jobs were resumed");
        } finally {
            server.close();
        }
    }

    private static String submit(ServerProcess s, String token, int n) throws Exception {
        HttpResponse<String> r = HTTP.send(request(s, token, "/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                        "deviceId", String.format("340200000013200001%02d", n), "start", "2026-11-21T08:00:00")))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** Follows the record stream on a virtual thread, noting each record as acknowledged (its latest form wins). */
    private static Thread follow(ServerProcess s, String token, Map<String, Acked> acked) {
        return Thread.ofVirtual().start(() -> {
            try {
                HTTP.send(request(s, token, "/api/v1/records/stream").GET().build(), HttpResponse.BodyHandlers.ofLines()).body().forEach(line -> {
                    if (!line.startsWith("data:")) return;
                    try {
                        ObjectNode r = (ObjectNode) JSON.readTree(line.substring(5).trim());
                        acked.put(id(r), new Acked(r, r.path("Provisional").asBoolean(false)));
                    } catch (Exception ignored) {
                        // not a record
                    }
                });
            } catch (Exception stopped) {
                // the server was killed or the test moved on
            }
        });
    }

    private static List<JsonNode> search(ServerProcess s, String token) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json(s, token, "/api/v1/records?limit=1000").path("records").forEach(out::add);
        return out;
    }

    private static String id(JsonNode r) {
        return Stream.of("MotorVehicleID", "FaceID", "PersonID").filter(r::has).map(f -> r.get(f).asText()).findFirst().orElseThrow();
    }

    /** The record's own fields: what a detail adds (retention, alerts) and the stream's flag left out. */
    private static ObjectNode comparable(ObjectNode r) {
        ObjectNode c = r.deepCopy();
        c.remove(List.of("Retention", "Alerted", "AlertIDs", "Provisional", "Spooled", "Type"));
        return c;
    }

    private static JsonNode json(ServerProcess s, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(request(s, token, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static int status(ServerProcess s, String token, String path) throws Exception {
        return HTTP.send(request(s, token, path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest.Builder request(ServerProcess s, String token, String path) {
        return HttpRequest.newBuilder(URI.create(s.base() + path)).header("Authorization", "Bearer " + token);
    }
}
