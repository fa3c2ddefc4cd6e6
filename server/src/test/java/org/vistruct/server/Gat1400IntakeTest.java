package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.SharedDirectory;
import org.vistruct.gat1400.ResponseStatus;
import org.vistruct.gat1400.client.ViidClient;

/**
 * vistruct as a 视图库 for a checkpoint camera, over real HTTP: an independent digest client (curl)
 * registers and keeps alive; a simulated camera pushes 1,000 MotorVehicle objects with 2 pictures
 * each, made from the labelled media: all searchable by plate, pictures byte-identical, the same
 * batch pushed again adds nothing; senders that did not register are refused.
 */
class Gat1400IntakeTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAMERA = "34020000001190000011";

    @Test
    void checkpointCameraPushes(@TempDir Path work) throws Exception {
        try (ServerProcess server = ServerProcess.start(work, work.resolve("data"), Map.of("VISTRUCT_GAT1400_PASSWORDS", CAMERA + "=cam-secret-1,34020000001190000099=curl-pass",
                "VISTRUCT_GAT1400_ALLOW_UNKNOWN", "false", "VISTRUCT_SHARED", SHARED.toString()), "server.log")) {
            ApiClient api = new ApiClient(server.base(), server.firstAdminToken());
            curlRegisters(server.base());

            // refused before registering, and with a wrong password
            try (ViidCamera stranger = new ViidCamera("34020000001190000077", "12345678", server.base())) {
                assertEquals(401, stranger.push(List.of()).httpStatus());
                assertThrowsRegister(stranger);
            }

            List<Path> labelled = labelledPictures();
            List<ObjectNode> objects = new ArrayList<>();
            Map<String, byte[][]> sent = new LinkedHashMap<>();
            Map<String, String> plates = new LinkedHashMap<>();
            long t0 = org.vistruct.core.GaTime.parse("2026-11-21T08:00:00", ViidCamera.ZONE);
            for (int i = 0; i < 1000; i++) {
                byte[] scene = Files.readAllBytes(labelled.get(i % labelled.size())), plate = Files.readAllBytes(labelled.get((i + 5) % labelled.size()));
                String id = ViidCamera.objectId(CAMERA, t0 + i * 1000L, i);
                String plateNo = "皖A" + String.format("%05d", i);
                objects.add(ViidCamera.vehicle(CAMERA, id, plateNo, t0 + i * 1000L, scene, plate));
                sent.put(id, new byte[][] {scene, plate});
                plates.put(id, plateNo);
            }
            try (ViidCamera camera = new ViidCamera(CAMERA, "cam-secret-1", server.base())) {
                camera.register();
                long start = System.nanoTime();
                push(camera, objects);
                double seconds = (System.nanoTime() - start) / 1e9;
                for (Map.Entry<String, String> e : plates.entrySet()) {
                    JsonNode found = api.json("/api/v1/records?plate=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                    assertEquals(1, found.path("records").size(), "plate " + e.getValue());
                    JsonNode r = found.path("records").get(0);
                    assertEquals(e.getKey(), r.path("MotorVehicleID").asText());
                    assertArrayEquals(sent.get(e.getKey())[0], picture(api, r.path("StorageUrl3").asText()), "scene of " + e.getKey());
                    assertArrayEquals(sent.get(e.getKey())[1], picture(api, r.path("StorageUrl2").asText()), "plate picture of " + e.getKey());
                }
                long records = api.json("/api/v1/health").path("records").asLong();
                assertEquals(1000, records);

                push(camera, objects); // the same batch again
                assertEquals(records, api.json("/api/v1/health").path("records").asLong(), "the same objects again add nothing");
                JsonNode state = api.json("/api/v1/viid");
                assertEquals(1000, state.path("intake").path("accepted").asLong());
                assertEquals(1000, state.path("intake").path("duplicates").asLong());

                // the standard's query, paged
                ViidClient.Reply q = camera.get("/VIID/MotorVehicles?PlateNo=" + URLEncoder.encode("皖A0001*", StandardCharsets.UTF_8) + "&PageRecordNum=5");
                assertEquals(200, q.httpStatus());
                assertEquals(10, q.body().at("/MotorVehicleListObject/TotalNum").asInt());
                assertEquals(5, q.body().at("/MotorVehicleListObject/MotorVehicleObject").size());
                String storage = q.body().at("/MotorVehicleListObject/MotorVehicleObject/0/SubImageList/SubImageInfoObject/0/StoragePath").asText();
                assertTrue(storage.contains("/VIID/Pictures/") && storage.contains("sig="), storage);
                assertEquals(200, java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(storage)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), "a signed StoragePath is fetched without an account");
                assertEquals(403, java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(storage.replaceAll("sig=.*", "sig=00"))).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), "a forged signature is refused");

                // the camera's directory: its APE with a position becomes a device of vistruct
                JsonNode apes = JSON.readTree("{\"APEListObject\":{\"APEObject\":[{\"ApeID\":\"" + CAMERA + "\",\"Name\":\"合肥 长江路卡口 东向西\",\"Longitude\":117.2272,"
                        + "\"Latitude\":31.8206,\"IsOnline\":\"1\"}]}}");
                assertTrue(camera.post("/VIID/APEs", apes).ok());
                JsonNode device = null;
                for (JsonNode d : api.json("/api/v1/devices").path("devices")) if (d.path("id").asText().equals(CAMERA)) device = d;
                assertEquals("合肥 长江路卡口 东向西", device.path("name").asText(), String.valueOf(device));
                assertEquals(117.2272, device.path("longitude").asDouble(), 1e-9);
                assertTrue(device.path("online").asBoolean());
                System.out.printf("GA/T 1400 intake: 1000 MotorVehicle objects with 2 pictures each pushed in %.1f s by one camera (%.0f objects/s); "
                        + "all 1000 found by plate with byte-identical pictures; pushed again: %d duplicates, 0 new records%n", seconds, 1000 / seconds,
                        state.path("intake").path("duplicates").asLong());
            }
        }
    }

    private static void assertThrowsRegister(ViidCamera c) {
        try {
            c.register();
            throw new IllegalStateException("a camera not in gat1400.passwords registered");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("Register"), expected.getMessage());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void push(ViidCamera camera, List<ObjectNode> objects) throws InterruptedException {
        for (int from = 0; from < objects.size(); from += 50) {
            ViidClient.Reply r = camera.push(objects.subList(from, Math.min(objects.size(), from + 50)));
            assertEquals(200, r.httpStatus(), r.problem());
            assertEquals(Math.min(50, objects.size() - from), r.statuses().size());
            for (ResponseStatus s : r.statuses()) assertTrue(s.isOk(), s.id() + ": " + s.statusString());
        }
    }

    private static byte[] picture(ApiClient api, String key) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/v1/pictures/" + key))
                .header("Authorization", "Bearer " + api.token()).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), key);
        return r.body();
    }

    /** The labelled plate pictures that are JPEGs (what cameras send; a PNG is refused per object). */
    static List<Path> labelledPictures() throws Exception {
        List<Path> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(SHARED.resolve("media/labels/plates.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || !line.split(",")[0].endsWith(".jpg")) continue;
            out.add(SHARED.resolve("media").resolve(line.split(",")[0]));
        }
        return out;
    }

    /** curl --digest: an HTTP client that is not ours registers; then keeps alive with User-Identify. */
    private static void curlRegisters(String base) throws Exception {
        String id = "34020000001190000099";
        Process p = new ProcessBuilder("curl", "-s", "-S", "--digest", "-u", id + ":curl-pass", "-X", "POST", "-H", "Content-Type: application/VIID+JSON",
                "--data", "{\"RegisterObject\":{\"DeviceID\":\"" + id + "\"}}", "-w", "\\n%{http_code}", base + "/VIID/System/Register").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.trim().endsWith("200"), "curl --digest Register: " + out);
        assertEquals(0, JSON.readTree(out.substring(0, out.lastIndexOf('\n'))).at("/ResponseStatusObject/StatusCode").asInt(), out);
        Process k = new ProcessBuilder("curl", "-s", "-S", "-X", "POST", "-H", "Content-Type: application/VIID+JSON", "-H", "User-Identify: " + id,
                "--data", "{\"KeepaliveObject\":{\"DeviceID\":\"" + id + "\"}}", "-w", "\\n%{http_code}", base + "/VIID/System/Keepalive").redirectErrorStream(true).start();
        String ka = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ka.trim().endsWith("200"), "curl Keepalive: " + ka);
        Process wrong = new ProcessBuilder("curl", "-s", "--digest", "-u", id + ":wrong", "-X", "POST", "--data", "{\"RegisterObject\":{\"DeviceID\":\"" + id + "\"}}",
                "-o", "/dev/null", "-w", "%{http_code}", base + "/VIID/System/Register").redirectErrorStream(true).start();
        assertEquals("401", new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(), "curl --digest with a wrong password");
        System.out.println("GA/T 1400: curl --digest registered and kept alive; a wrong password got 401");
    }
}
