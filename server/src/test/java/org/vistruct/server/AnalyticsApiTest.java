package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;
import org.vistruct.server.http.Role;

/**
 * 车辆研判 through the running server on 127.0.0.1: places imported from CSV, records written
 * through the write path, each tactic asked over HTTP with exact expected answers on a small
 * hand-built case, the real-time cloned-plate alert and its dismissal, the CSV export, the CLI,
 * bad input (400 naming the field) and a question cut as too broad (422, audited).
 */
class AnalyticsApiTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static Path data;
    static VistructServer server;
    static ApiClient api;
    static String suffix, A, B, C, D, P1, P2, P3;
    static long t0;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("vistruct-analytics");
        var config = TestConfigs.load(Map.of());
        server = new VistructServer(data, config, "127.0.0.1", 0);
        api = new ApiClient("http://127.0.0.1:" + server.port(), TestConfigs.token(data, config, "ivy", Role.INVESTIGATOR));
        Random r = new Random();
        suffix = String.format("%06d", r.nextInt(1_000_000));
        A = "340100000013200" + suffix.substring(1);
        B = "340100000013201" + suffix.substring(1);
        C = "340100000013202" + suffix.substring(1);
        D = "340100000013203" + suffix.substring(1);
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        String tail = "" + letters.charAt(r.nextInt(24)) + letters.charAt(r.nextInt(24)) + suffix.substring(3);
        P1 = "皖A" + tail;
        P2 = "皖B" + tail;
        P3 = "皖C" + tail;
        t0 = (System.currentTimeMillis() / 1000 - 3600) * 1000;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static MotorVehicle pass(String plate, String device, long t, ColorCode color) {
        String id = server.sink().ids().next(device, t, org.vistruct.core.RecordType.MotorVehicle);
        return new MotorVehicle(id, device, t, t - 500, t + 500, plate, ColorCode.BLUE, null, 95, VehicleClass.K33, 90, color, 90, new Box(10, 10, 200, 200),
                null, null, null, null, 0);
    }

    static void write(MotorVehicle v) throws Exception {
        server.sink().write(v, Map.of(), false);
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    static String range() { return "from=" + enc(GaTime.formatReadable(t0 - 60_000, ZONE)) + "&to=" + enc(GaTime.formatReadable(t0 + 3_600_000, ZONE)); }

    static HttpResponse<String> raw(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).header("Authorization", "Bearer " + api.token());
        if (body != null) b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tacticsOverHttp() throws Exception {
        // A and B 950 m apart, C 19 km east; D has no position
        var imported = raw("POST", "/api/v1/places/import", "text/csv", "id,name,longitude,latitude\n" + A + ",\"长江路, 东口\",117.20,31.80\n" + B
                + ",黄山路口,117.21,31.80\n" + C + ",东郊卡口,117.40,31.80\n");
        assertEquals(200, imported.statusCode(), imported.body());
        var bad = raw("POST", "/api/v1/places/import", "text/csv", A + ",x,117.2\n" + B + ",y,500,31.8\n");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("line 1"), bad.body());
        assertEquals(400, raw("PUT", "/api/v1/places/" + D, "application/json", "{\"longitude\": 181, \"latitude\": 31}").statusCode());

        // P1: A, then B 2 min later (950 m: fine), then C 3 min after that (19 km: impossible); P2 follows P1 20 s behind at A and B
        write(pass(P1, A, t0, ColorCode.WHITE));
        write(pass(P2, A, t0 + 20_000, ColorCode.RED));
        write(pass(P1, B, t0 + 120_000, ColorCode.WHITE));
        write(pass(P2, B, t0 + 140_000, ColorCode.RED));
        write(pass(P3, B, t0 + 400_000, ColorCode.BLACK));
        write(pass(P1, C, t0 + 300_000, ColorCode.WHITE));

        JsonNode path = api.json("/api/v1/analytics/trajectory?plate=" + enc(P1) + "&" + range());
        assertEquals(3, path.get("count").asInt(), path.toString());
        List<String> devices = new ArrayList<>();
        path.get("results").forEach(p -> devices.add(p.get("DeviceID").asText()));
        assertEquals(List.of(A, B, C), devices);
        assertEquals("长江路, 东口", path.get("results").get(0).get("PlaceName").asText());
        assertEquals(120, path.get("results").get(1).get("SincePreviousS").asInt());
        assertEquals(180, path.get("results").get(2).get("SincePreviousS").asInt());
        assertEquals(P1, path.get("results").get(0).get("PlateNo").asText());
        assertTrue(path.get("results").get(0).has("PassTime"));

        JsonNode comp = api.json("/api/v1/analytics/companions?plate=" + enc(P1) + "&windowS=60&minTimes=2&minDevices=2&" + range());
        assertEquals(1, comp.get("count").asInt(), comp.toString());
        assertEquals(P2, comp.get("results").get(0).get("PlateNo").asText());
        assertEquals(2, comp.get("results").get(0).get("Times").asInt());
        assertEquals(2, comp.get("results").get(0).get("Passes").size());

        JsonNode clones = api.json("/api/v1/analytics/clones?device=" + A + "," + B + "," + C + "&" + range());
        assertEquals(1, clones.get("count").asInt(), clones.toString());
        JsonNode s = clones.get("results").get(0);
        assertEquals(P1, s.get("PlateNo").asText());
        assertEquals("TRAVEL", s.get("Rule").asText());
        assertEquals(B, s.get("Passes").get(0).get("DeviceID").asText());
        assertEquals(C, s.get("Passes").get(1).get("DeviceID").asText());
        var missing = api.get("/api/v1/analytics/clones?device=" + D + "&" + range());
        assertEquals(400, missing.status());
        assertTrue(missing.text().contains(D), "the devices without positions are named: " + missing.text());

        String w1 = enc(A + "@" + GaTime.formatReadable(t0 - 1000, ZONE) + "/" + GaTime.formatReadable(t0 + 60_000, ZONE));
        String w2 = enc(B + "@" + GaTime.formatReadable(t0 + 60_000, ZONE) + "/" + GaTime.formatReadable(t0 + 200_000, ZONE));
        String w3 = enc(B + "@" + GaTime.formatReadable(t0 + 300_000, ZONE) + "/" + GaTime.formatReadable(t0 + 500_000, ZONE));
        JsonNode coll = api.json("/api/v1/analytics/collision?window=" + w1 + "&window=" + w2);
        List<String> both = new ArrayList<>();
        coll.get("results").forEach(h -> both.add(h.get("PlateNo").asText()));
        assertEquals(List.of(P1, P2).stream().sorted().toList(), both.stream().sorted().toList());
        JsonNode notP2 = api.json("/api/v1/analytics/collision?window=" + w1 + "&window=" + w2 + "&exclude=" + enc(A + "@" + GaTime.formatReadable(t0 + 10_000, ZONE)
                + "/" + GaTime.formatReadable(t0 + 30_000, ZONE)));
        assertEquals(1, notP2.get("count").asInt(), notP2.toString());
        assertEquals(P1, notP2.get("results").get(0).get("PlateNo").asText());
        JsonNode oneOf = api.json("/api/v1/analytics/collision?window=" + w1 + "&window=" + w3 + "&minWindows=1&plate=" + enc("皖C*"));
        assertEquals(P3, oneOf.get("results").get(0).get("PlateNo").asText());

        JsonNode freq = api.json("/api/v1/analytics/frequent?minPasses=3&plate=" + enc(P1) + "&" + range());
        assertEquals(3, freq.get("results").get(0).get("Count").asInt());

        var csv = raw("GET", "/api/v1/analytics/trajectory?plate=" + enc(P1) + "&format=csv&" + range(), null, null);
        assertEquals(200, csv.statusCode());
        String[] lines = csv.body().split("\r\n");
        assertEquals(4, lines.length, csv.body());
        assertTrue(lines[0].contains("PlateNo") && lines[0].contains("DeviceID") && lines[0].contains("PassTime"), lines[0]);
        assertTrue(lines[1].contains("\"长江路, 东口\""), lines[1]);
    }

    @Test
    void realTimeCloneAlertAndDismissal() throws Exception {
        String x = "340100000013210" + suffix.substring(1), y = "340100000013211" + suffix.substring(1);
        assertEquals(200, raw("PUT", "/api/v1/places/" + x, "application/json", "{\"name\": \"西\", \"longitude\": 117.0, \"latitude\": 31.7}").statusCode());
        assertEquals(200, raw("PUT", "/api/v1/places/" + y, "application/json", "{\"name\": \"东\", \"longitude\": 117.3, \"latitude\": 31.7}").statusCode());
        String plate = "皖D" + suffix.substring(1) + "X";
        long t = t0 + 1_000_000;
        write(pass(plate, x, t, ColorCode.WHITE));
        write(pass(plate, y, t + 60_000, ColorCode.WHITE)); // 28 km in a minute
        JsonNode alerts = api.json("/api/v1/alerts?limit=100");
        long clones = 0;
        for (JsonNode a : alerts.path("alerts")) if (a.toString().contains(plate) && a.toString().contains("clone-suspects")) clones++;
        assertEquals(1, clones, alerts.toString());
        JsonNode suspects = api.json("/api/v1/analytics/suspects");
        JsonNode mine = null;
        for (JsonNode s : suspects.get("suspects")) if (s.get("PlateNo").asText().equals(plate)) mine = s;
        assertTrue(mine != null, suspects.toString());
        assertEquals("TRAVEL", mine.get("Rule").asText());
        assertTrue(mine.get("FirstMotorVehicleID").asText().startsWith(x.substring(0, 10)), mine.toString());
        var verdict = api.post("/api/v1/analytics/suspects/" + mine.get("id").asText() + "/verdict", Map.of("verdict", "dismissed"));
        assertEquals(200, verdict.status(), verdict.text());
        assertEquals(400, api.post("/api/v1/analytics/suspects/" + mine.get("id").asText() + "/verdict", Map.of("verdict", "maybe")).status());
        // the same pair again: quiet
        write(pass(plate, x, t + 120_000, ColorCode.WHITE));
        JsonNode after = api.json("/api/v1/alerts?limit=100");
        long again = 0;
        for (JsonNode a : after.path("alerts")) if (a.toString().contains(plate) && a.toString().contains("clone-suspects")) again++;
        assertEquals(1, again, "a dismissed pair raises no new alert");
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        String r = range();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/v1/analytics/trajectory?" + r, "plate");
        cases.put("/api/v1/analytics/trajectory?plate=" + enc(P1), "from");
        cases.put("/api/v1/analytics/trajectory?plate=" + enc(P1) + "&from=2026-01-02T00:00:00&to=2026-01-01T00:00:00", "to");
        cases.put("/api/v1/analytics/frequent?from=2026-01-01T00:00:00&to=2026-03-01T00:00:00", "days");
        cases.put("/api/v1/analytics/frequent?bogus=1&" + r, "bogus");
        cases.put("/api/v1/analytics/companions?plate=" + enc(P1) + "&minTimes=0&" + r, "minTimes");
        cases.put("/api/v1/analytics/companions?plate=" + enc("无车牌") + "&" + r, "plate");
        cases.put("/api/v1/analytics/collision?window=" + enc(A + "@2026-01-01T00:00:00/2026-01-01T02:00:00"), "window");
        cases.put("/api/v1/analytics/collision?window=" + enc("@2026-01-01T00:00:00/2026-01-01T02:00:00") + "&window=x", "window");
        cases.put("/api/v1/analytics/collision?window=" + enc(A + "@2026-01-01T02:00:00/2026-01-01T00:00:00") + "&window=" + enc(A + "@2026-01-01T00:00:00/2026-01-01T02:00:00"), "window 1");
        StringBuilder nine = new StringBuilder("/api/v1/analytics/collision?");
        for (int i = 0; i < 9; i++) nine.append("window=").append(enc(A + "@2026-01-01T00:00:00/2026-01-01T02:00:00")).append('&');
        cases.put(nine.toString(), "8");
        cases.put("/api/v1/analytics/night?night=25:00-05:00&" + r, "night");
        cases.put("/api/v1/analytics/first-seen?lookbackDays=400&" + r, "lookbackDays");
        cases.put("/api/v1/analytics/clones?rule=everything&" + r, "rule");
        cases.put("/api/v1/analytics/clones?vehicleColor=chartreuse&" + r, "vehicleColor");
        for (var c : cases.entrySet()) {
            var a = api.get(c.getKey());
            assertEquals(400, a.status(), c.getKey() + ": " + a.text());
            assertTrue(a.text().contains(c.getValue()), c.getKey() + " names " + c.getValue() + ": " + a.text());
        }
    }

    @Test
    void tooBroadIsCutAndAudited() throws Exception {
        Path other = Files.createTempDirectory("vistruct-analytics-broad");
        var config = TestConfigs.load(Map.of("VISTRUCT_ANALYTICS_MAX_PASSES", "2"));
        try (VistructServer small = new VistructServer(other, config, "127.0.0.1", 0)) {
            String token = TestConfigs.token(other, config, "ivy", Role.INVESTIGATOR);
            long t = t0;
            for (int i = 0; i < 5; i++) small.sink().write(pass("皖E" + suffix.substring(1) + i, "34010000001320099999", t + i * 1000, ColorCode.WHITE), Map.of(), false);
            ApiClient c = new ApiClient("http://127.0.0.1:" + small.port(), token);
            var a = c.get("/api/v1/analytics/clones?rule=attributes&" + range());
            assertEquals(422, a.status(), a.text());
            assertTrue(a.text().contains("too broad"), a.text());
            assertEquals(200, c.get("/api/v1/health").status(), "the server goes on");
            JsonNode audit = new ApiClient(c.base(), small.firstAdminToken()).json("/api/v1/audit?limit=20");
            assertTrue(audit.toString().contains("analytics-clones") && audit.toString().contains("too broad"), audit.toString());
        }
    }

    @Test
    void cliInvestigatePrintsOneJsonObjectPerLine() throws Exception {
        String plate = "皖F" + P1.substring(2);
        write(pass(plate, A, t0 + 500_000, ColorCode.BLACK));
        write(pass(plate, B, t0 + 600_000, ColorCode.BLACK));
        Path work = Files.createTempDirectory("vistruct-cli-investigate");
        var r = CliProcess.run(work, Map.of("VISTRUCT_TOKEN", api.token()), "investigate", "trajectory", "--plate", plate, "--from",
                GaTime.formatReadable(t0 - 60_000, ZONE).replace(' ', 'T'), "--to", GaTime.formatReadable(t0 + 3_600_000, ZONE).replace(' ', 'T'),
                "--json", "--server", api.base());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().trim().split("\n");
        assertEquals(2, lines.length, r.out());
        for (String line : lines) {
            JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertEquals(plate, n.get("PlateNo").asText());
            assertTrue(n.has("DeviceID") && n.has("PassTime"));
        }
        var bad = CliProcess.run(work, Map.of("VISTRUCT_TOKEN", api.token()), "investigate", "collision", "--window", "x@2026-01-01T00:00:00/2026-01-01T01:00:00",
                "--server", api.base());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("window"), bad.err());
    }
}
