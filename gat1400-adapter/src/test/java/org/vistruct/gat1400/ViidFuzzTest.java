package org.vistruct.gat1400;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vistruct.core.DigestAuthenticator;
import org.vistruct.core.StructuredRecord;

/**
 * Mutated GA/T 1400 bodies and digest headers, far more than any peer sends: none gets a 500, no
 * exception escapes, nothing accepted before is lost or changed, and every object answered OK is
 * held.
 */
class ViidFuzzTest {
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 120_000);

    @Test
    void mutatedBodiesAndHeaders() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        MemoryPorts ports = new MemoryPorts();
        ViidService s = ports.service(Peers.registrations());
        Peers.register(s);
        List<String> seeds = seeds();
        for (int i = 0; i < 20; i++) {
            ViidResponse r = s.handle(Peers.request("POST", "/VIID/MotorVehicles", Peers.list(Peers.motorVehicle(Peers.id(90_000 + i), "皖AB627G", "20261129120000")),
                    Map.of("User-Identify", Peers.SENDER)));
            assertEquals(0, r.json().at("/ResponseStatusListObject/ResponseStatusObject/0/StatusCode").asInt());
        }
        Map<String, StructuredRecord> accepted = new HashMap<>(ports.records);
        String[] paths = {"/VIID/MotorVehicles", "/VIID/Faces", "/VIID/Persons", "/VIID/NonMotorVehicles", "/VIID/APEs", "/VIID/Tollgates", "/VIID/Lanes",
                "/VIID/Subscribes", "/VIID/SubscribeNotifications", "/VIID/Dispositions", "/VIID/DispositionNotifications", "/VIID/System/Register",
                "/VIID/System/Keepalive", "/VIID/System/UnRegister", "/VIID/Subscribes/x", "/VIID/Pictures/a/b", "/VIID/%00", "/VIID/MotorVehicles?PlateNo=*"};
        String[] methods = {"POST", "POST", "POST", "GET", "PUT", "DELETE"};
        int okObjects = 0, byStatus[] = new int[600];
        for (int i = 0; i < ROUNDS; i++) {
            String body = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            Map<String, String> headers = new HashMap<>();
            int h = rnd.nextInt(10);
            if (h < 7) headers.put("User-Identify", Peers.SENDER);
            else if (h == 7) headers.put("User-Identify", mutate(Peers.SENDER, rnd));
            if (rnd.nextInt(4) == 0) headers.put("Authorization", digest(rnd));
            String path = rnd.nextInt(20) == 0 ? mutate(paths[rnd.nextInt(paths.length)], rnd) : paths[rnd.nextInt(paths.length)];
            String method = methods[rnd.nextInt(methods.length)];
            ViidResponse r;
            try {
                r = s.handle(Peers.request(method, path, body, headers));
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " round " + i + ": an exception escaped for " + method + " " + path + " " + clip(body), t);
            }
            byStatus[r.status()]++;
            assertTrue(r.status() < 500, "seed " + seed + " round " + i + ": " + r.status() + " " + r.json() + " for " + method + " " + path + " " + clip(body));
            if (r.status() == 401 && path.equals("/VIID/MotorVehicles") && !headers.containsKey("Authorization")) continue;
            JsonNode statuses = r.json() == null ? null : r.json().at("/ResponseStatusListObject/ResponseStatusObject");
            if (statuses != null && statuses.isArray() && method.equals("POST") && path.startsWith("/VIID/") && List.of("/VIID/MotorVehicles", "/VIID/Faces",
                    "/VIID/Persons", "/VIID/NonMotorVehicles").contains(path)) {
                for (JsonNode st : statuses) {
                    if (st.get("StatusCode").asInt() == 0) {
                        okObjects++;
                        assertTrue(ports.records.containsKey(st.get("Id").asText()), "answered OK but not held: " + st);
                    }
                }
            }
            if (!ports.registrations().isOnline(Peers.SENDER)) Peers.register(s); // a fuzzed UnRegister must not turn the rest of the run into 401s // a fuzzed UnRegister must not stop the run
        }
        for (var e : accepted.entrySet()) assertEquals(e.getValue(), ports.records.get(e.getKey()), "a record accepted before the fuzz changed");
        System.out.printf("GA/T 1400 fuzz: %d requests (seed %d): 2xx %d, 400 %d, 401 %d, 403 %d, 404 %d, 405 %d, 500+ 0; %d objects taken and held%n", ROUNDS, seed,
                java.util.stream.IntStream.range(200, 300).map(k -> byStatus[k]).sum(), byStatus[400], byStatus[401], byStatus[403], byStatus[404], byStatus[405],
                okObjects);
        ports.closeAll();
    }

    private static String clip(String s) { return s.length() > 300 ? s.substring(0, 300) + "…" : s; }

    private static List<String> seeds() {
        String img = java.util.Base64.getEncoder().encodeToString(Peers.JPEG);
        List<String> out = new ArrayList<>();
        out.add(Peers.list(Peers.motorVehicle(Peers.id(1), "皖AB627G", "20261129120000"), Peers.motorVehicle(Peers.id(2), "沪CQ9339", "20261129120001")));
        out.add("{\"FaceListObject\":{\"FaceObject\":[{\"FaceID\":\"" + Peers.id(3) + "\",\"DeviceID\":\"" + Peers.SENDER + "\",\"ShotTime\":\"20261129120000\","
                + "\"FaceQuality\":80,\"FeatureList\":[{\"Vendor\":\"vistruct\",\"AlgorithmVersion\":\"v1\",\"FeatureData\":\"AACAPwAAgD8AAIA/AACAPwAAgD8AAIA/AACAPwAAgD8AAIA/AACAPwAAgD8AAIA/AACAPwAAgD8AAIA/AACAPw==\"}],"
                + "\"SubImageList\":{\"SubImageInfoObject\":[{\"Type\":\"11\",\"Data\":\"" + img + "\"}]}}]}}");
        out.add("{\"PersonListObject\":{\"PersonObject\":[{\"PersonID\":\"" + Peers.id(4) + "\",\"ShotTime\":\"20261129120000\",\"Reliability\":\"90\"}]}}");
        out.add("{\"NonMotorVehicleListObject\":{\"NonMotorVehicleObject\":[{\"NonMotorVehicleID\":\"" + Peers.id(5) + "\",\"AppearTime\":\"20261129120000\","
                + "\"VehicleColor\":\"1\",\"SubImageList\":{\"SubImageInfoObject\":[{\"Type\":\"12\",\"Data\":\"" + img + "\"}]}}]}}");
        out.add("{\"APEListObject\":{\"APEObject\":[{\"ApeID\":\"34020000001190000007\",\"Name\":\"南门\",\"Longitude\":117.2,\"Latitude\":31.8,\"IsOnline\":\"1\"}]}}");
        out.add("{\"TollgateListObject\":{\"TollgateObject\":[{\"TollgateID\":\"34020000001210000001\",\"Name\":\"卡口\",\"Longitude\":\"117.25\",\"Latitude\":\"31.85\"}]}}");
        out.add("{\"LaneListObject\":{\"LaneObject\":[{\"TollgateID\":\"34020000001210000001\",\"LaneId\":1,\"Name\":\"1\"}]}}");
        out.add("{\"SubscribeListObject\":{\"SubscribeObject\":[{\"SubscribeID\":\"S1\",\"Title\":\"t\",\"SubscribeDetail\":\"12,13\",\"ResourceURI\":\""
                + Peers.SENDER + "\",\"BeginTime\":\"20260101000000\",\"EndTime\":\"20991231000000\",\"ReceiveAddr\":\"http://127.0.0.1:9/n\",\"ReportInterval\":1,"
                + "\"ResultImageDeclare\":\"-1\",\"OperateType\":0}]}}");
        out.add("{\"DispositionListObject\":{\"DispositionObject\":[{\"DispositionID\":\"D1\",\"Title\":\"t\",\"DispositionCategory\":\"2\",\"PlateNo\":\"皖A*\","
                + "\"PriorityLevel\":1,\"BeginTime\":\"20260101000000\",\"EndTime\":\"20991231000000\",\"ReceiveAddr\":\"http://127.0.0.1:9/d\"}]}}");
        out.add("{\"SubscribeNotificationListObject\":{\"SubscribeNotificationObject\":[{\"NotificationID\":\"N1\",\"SubscribeID\":\"S1\",\"TriggerTime\":\"20261129120000\","
                + "\"MotorVehicle0bjectList\":{\"MotorVehicleObject\":[" + Peers.motorVehicle(Peers.id(6), "皖AB627G", "20261129120000") + "]}}]}}");
        out.add("{\"DispositionNotificationListObject\":{\"DispositionNotificationObject\":[{\"NotificationID\":\"N2\",\"DispositionID\":\"D1\",\"TriggerTime\":\"20261129120000\","
                + "\"CntObjectID\":\"" + Peers.id(7) + "\",\"MotorVehicleObject\":" + Peers.motorVehicle(Peers.id(7), "皖AB627G", "20261129120000") + "}]}}");
        out.add("{\"RegisterObject\":{\"DeviceID\":\"" + Peers.SENDER + "\"}}");
        out.add("{\"KeepaliveObject\":{\"DeviceID\":\"" + Peers.SENDER + "\"}}");
        return out;
    }

    private static final String[] VALUES = {"null", "true", "-1", "0", "1e308", "99999999999999999999", "\"\"", "\"../../x\"", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]",
            "\"\\u0000\"", "\"" + "9".repeat(300) + "\"", "\"2026-13-45 25:61:61\"", "\"20261129120000123456\"", "{\"SubImageInfoObject\":{}}", "\"data:,\"", "1.5",
            "\"皖\"", "\"\\ud800\""};

    /** One to four random changes: bytes flipped, cut, doubled or dropped; values swapped for hostile ones; structure broken or deepened. */
    static String mutate(String seed, Random rnd) {
        String s = seed;
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (s.isEmpty()) return VALUES[rnd.nextInt(VALUES.length)];
            int at = rnd.nextInt(s.length());
            switch (rnd.nextInt(9)) {
                case 0 -> s = s.substring(0, at); // truncated
                case 1 -> { // a character replaced
                    char[] c = s.toCharArray();
                    c[at] = (char) (rnd.nextBoolean() ? rnd.nextInt(128) : rnd.nextInt(0xffff));
                    s = new String(c);
                }
                case 2 -> { // a value swapped
                    int colon = s.indexOf(':', at);
                    if (colon < 0) break;
                    int end = colon + 1;
                    int depth = 0;
                    boolean inString = false;
                    while (end < s.length()) {
                        char c = s.charAt(end);
                        if (c == '"' && s.charAt(end - 1) != '\\') inString = !inString;
                        else if (!inString && (c == '{' || c == '[')) depth++;
                        else if (!inString && (c == '}' || c == ']')) {
                            if (depth == 0) break;
                            depth--;
                        } else if (!inString && c == ',' && depth == 0) break;
                        end++;
                    }
                    s = s.substring(0, colon + 1) + VALUES[rnd.nextInt(VALUES.length)] + s.substring(Math.min(end, s.length()));
                }
                case 3 -> s = s.substring(0, at) + s.substring(at, Math.min(s.length(), at + 1 + rnd.nextInt(40))) + s.substring(at); // a run doubled
                case 4 -> s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + rnd.nextInt(20))); // a run dropped
                case 5 -> s = "[".repeat(rnd.nextInt(3000)) + s; // deep nesting
                case 6 -> s = s.replace("\"StatusCode\"", "\"statuscode\"").replace("ID\"", "Id\""); // other spellings
                case 7 -> s = s.substring(0, at) + "," + VALUES[rnd.nextInt(VALUES.length)] + s.substring(at);
                default -> s = new String(s.getBytes(StandardCharsets.UTF_8), 0, at, StandardCharsets.ISO_8859_1) + s.substring(at); // bytes read in the wrong charset
            }
        }
        return s;
    }

    private static String digest(Random rnd) {
        Map<String, String> c = Map.of("realm", "34020000005030000001", "nonce", Long.toHexString(System.currentTimeMillis()) + "0".repeat(24), "qop", "auth");
        String h = DigestAuthenticator.authorization(c, Peers.SENDER, Peers.PASSWORD, "POST", "/VIID/System/Register", 1 + rnd.nextInt(3));
        return rnd.nextBoolean() ? mutate(h, rnd) : h;
    }
}
