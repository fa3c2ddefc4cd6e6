package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.vistruct.metadata.MetadataStore;

/**
 * A data directory as the versions before the metadata database left it (tokens.json, audit.log
 * with a torn last line, gb28181/devices.json, alerts/watchlist.json, subscribers.json,
 * alerts.jsonl and an outbox file) is imported on the first start with nothing lost, and a second
 * start imports nothing again.
 */
class LegacyImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOldDataDirectoryIsImportedOnceWithNothingLost() throws Exception {
        Path data = Files.createTempDirectory("vistruct-legacy");
        Set<String> received = ConcurrentHashMap.newKeySet();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            received.add(ex.getRequestHeaders().getFirst("X-Vistruct-Alert-Id"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        String secret = "ab".repeat(24), token = "vst_0badcafe_" + secret;
        writeOldFormats(data, secret, "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");

        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_ALERTS_RETRY_FIRST_MS", "100"));
        try (VistructServer server = new VistructServer(data, config, "127.0.0.1", 0)) {
            assertEquals(null, server.firstAdminToken(), "the imported admin token signs in: no new one is made");
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), token);
            JsonNode devices = api.json("/api/v1/devices");
            assertEquals(1, devices.path("devices").size(), devices.toString());
            JsonNode channels = api.json("/api/v1/devices/34020000001320000005/channels");
            assertEquals("大门口", channels.path("channels").get(0).path("name").asText(), channels.toString());
            JsonNode watch = api.json("/api/v1/watchlist");
            assertEquals(Set.of("W1", "W2"), ids(watch.path("entries"), "DispositionID"));
            JsonNode alerts = api.json("/api/v1/alerts");
            assertEquals(2, alerts.path("total").asInt(), alerts.toString());
            JsonNode subs = api.json("/api/v1/subscribers");
            assertEquals(1, subs.path("subscribers").size());
            JsonNode audit = api.json("/api/v1/audit?user=alice");
            assertEquals(2, audit.path("entries").size(), "the two readable lines of alice; the torn last line is reported and skipped: " + audit);
            assertTrue(api.json("/api/v1/audit/verify").path("intact").asBoolean());
            long deadline = System.currentTimeMillis() + 20_000;
            while (!received.contains("ALfeedfacefeedfacefeedface") && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertTrue(received.contains("ALfeedfacefeedfacefeedface"), "the delivery waiting in the old outbox is sent: " + received);
            for (String f : List.of("tokens.json", "audit.log", "gb28181/devices.json", "alerts/watchlist.json", "alerts/subscribers.json", "alerts/alerts.jsonl")) {
                assertFalse(Files.exists(data.resolve(f)), f + " moved aside");
                assertTrue(Files.exists(data.resolve(f + ".imported")), f + ".imported kept");
            }
        } finally {
            hook.stop(0);
        }
        // put the old files back as if a crash had come between the commit and the rename: nothing doubles
        Files.move(data.resolve("audit.log.imported"), data.resolve("audit.log"));
        Files.move(data.resolve("alerts/watchlist.json.imported"), data.resolve("alerts/watchlist.json"));
        Files.move(data.resolve("alerts/alerts.jsonl.imported"), data.resolve("alerts/alerts.jsonl"));
        try (VistructServer server = new VistructServer(data, config, "127.0.0.1", 0)) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), token);
            assertEquals(2, api.json("/api/v1/watchlist").path("entries").size());
            assertEquals(2, api.json("/api/v1/alerts").path("total").asInt());
            assertEquals(2, api.json("/api/v1/audit?user=alice").path("entries").size());
        }
        try (MetadataStore store = MetadataStore.open(config.metadataSettings(), data)) {
            assertEquals(2, store.holds().countOpen(), "each imported alert holds its record as evidence");
        }
    }

    @Test
    void anUnreadableOldFileStopsTheStartNamingItInsteadOfStartingEmpty() throws Exception {
        Path data = Files.createTempDirectory("vistruct-legacy");
        Files.createDirectories(data.resolve("alerts"));
        Files.writeString(data.resolve("alerts/watchlist.json"), "[{\"id\": ");
        var e = assertThrows(java.io.IOException.class, () -> new VistructRuntime(data, TestConfigs.load(Map.of())));
        assertTrue(e.getMessage().contains("watchlist.json"), e.getMessage());
        assertTrue(Files.exists(data.resolve("alerts/watchlist.json")), "left where it was");
    }

    private static Set<String> ids(JsonNode array, String field) {
        Set<String> out = new java.util.HashSet<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    /** The files exactly as the JSON-file versions wrote them (field names of their records). */
    private static void writeOldFormats(Path data, String secret, String hookUrl) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        Files.writeString(data.resolve("tokens.json"), JSON.writeValueAsString(List.of(
                Map.of("id", "0badcafe", "name", "admin", "role", "ADMIN", "sha256", sha, "created", 1_700_000_000_000L))));
        Files.writeString(data.resolve("audit.log"), """
                {"user":"alice","time":1700000001000,"client":"10.0.0.7","action":"search","query":"plate=皖A*","results":8}
                {"user":"alice","time":1700000002000,"client":"10.0.0.7","action":"picture","query":"34020000001320000001/2023/11/15/06/R1-plate.jpg","results":1}
                {"user":"bob","time":17000000""");
        Files.createDirectories(data.resolve("gb28181"));
        Files.writeString(data.resolve("gb28181/devices.json"), """
                [ {
                  "id" : "34020000001320000005", "name" : "IPC", "manufacturer" : "Hikvision", "model" : "DS-2CD", "firmware" : "V5", "charset" : "auto",
                  "channels" : [ { "id" : "34020000001310000001", "name" : "大门口", "manufacturer" : null, "model" : null, "status" : "ON",
                                   "parentId" : "34020000001320000005", "civilCode" : "340200", "address" : null } ]
                } ]""");
        Path alerts = Files.createDirectories(data.resolve("alerts"));
        Files.writeString(alerts.resolve("watchlist.json"), """
                [{"id":"W1","list":"checkpoint","kind":"PLATE","plate":"皖AT022C","vehicle":null,"face":null,"minSimilarity":0.0,"photoKey":null,
                  "validFrom":0,"validTo":0,"priority":1,"reason":"stolen","creator":"alice","created":1700000000000},
                 {"id":"W2","list":"checkpoint","kind":"PATTERN","plate":"浙G*","vehicle":null,"face":null,"minSimilarity":0.0,"photoKey":null,
                  "validFrom":0,"validTo":0,"priority":3,"reason":null,"creator":"alice","created":1700000000001}]""");
        Files.writeString(alerts.resolve("subscribers.json"), JSON.writeValueAsString(List.of(Map.of("id", "S1", "name", "desk", "url", hookUrl,
                "secret", "s".repeat(32), "lists", List.of(), "devices", List.of(), "creator", "admin", "created", 1_700_000_000_000L))));
        Files.writeString(alerts.resolve("alerts.jsonl"), """
                {"id":"ALfeedfacefeedfacefeedface","triggerTime":1700000003000,"entryId":"W1","list":"checkpoint","kind":"PLATE","watched":"皖AT022C","priority":1,"reason":"stolen","recordId":"R1","recordType":"MotorVehicle","deviceId":"34020000001320000001","recordTime":1700000002900,"plateNo":"皖AT022C","similarity":1.0,"pictures":[]}
                {"id":"AL00000000000000000000000b","triggerTime":1700000004000,"entryId":"W2","list":"checkpoint","kind":"PATTERN","watched":"浙G*","priority":3,"reason":null,"recordId":"R2","recordType":"MotorVehicle","deviceId":"34020000001320000001","recordTime":1700000003900,"plateNo":"浙G857PM","similarity":1.0,"pictures":[]}
                """);
        Path out = Files.createDirectories(alerts.resolve("outbox/S1"));
        Files.writeString(out.resolve("1700000003000-ALfeedfacefeedfacefeedface.json"), "{\"NotificationID\":\"ALfeedfacefeedfacefeedface\"}");
    }
}
