package org.vistruct.gat1400;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vistruct.core.DigestAuthenticator;
import org.vistruct.gat1400.system.Registrations;

/** Test peers: requests as a camera or platform sends them, registration included. */
final class Peers {
    static final String SENDER = "34020000001190000001";
    static final String PASSWORD = "12345678";
    /** A tiny valid JPEG (1×1), enough for the protocol side. */
    static final byte[] JPEG = Base64.getDecoder().decode("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");

    private Peers() {}

    static Registrations registrations() {
        return new Registrations("34020000005030000001", id -> PASSWORD, 180_000, 1000, System::currentTimeMillis);
    }

    static ViidRequest request(String method, String path, String body, Map<String, String> headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        String p = path;
        int q = path.indexOf('?');
        if (q >= 0) {
            p = path.substring(0, q);
            for (String kv : path.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                query.computeIfAbsent(eq < 0 ? kv : kv.substring(0, eq), k -> new java.util.ArrayList<>()).add(eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return new ViidRequest(method, p, query, h::get, body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "127.0.0.1");
    }

    /** Registers SENDER through the challenge, as a camera does. */
    static void register(ViidService service) {
        String body = "{\"RegisterObject\":{\"DeviceID\":\"" + SENDER + "\"}}";
        ViidResponse first = service.handle(request("POST", "/VIID/System/Register", body, Map.of()));
        if (first.status() != 401) throw new AssertionError("no challenge: " + first.status());
        String auth = DigestAuthenticator.authorization(DigestAuthenticator.fields(first.headers().get("WWW-Authenticate")), SENDER, PASSWORD, "POST",
                "/VIID/System/Register", 1);
        ViidResponse second = service.handle(request("POST", "/VIID/System/Register", body, Map.of("Authorization", auth)));
        if (second.status() != 200) throw new AssertionError("not registered: " + second.json());
    }

    static String motorVehicle(String id, String plate, String passTime) {
        String img = Base64.getEncoder().encodeToString(JPEG);
        return "{\"MotorVehicleID\":\"" + id + "\",\"DeviceID\":\"" + SENDER + "\",\"PassTime\":\"" + passTime + "\",\"PlateNo\":\"" + plate
                + "\",\"PlateColor\":\"5\",\"VehicleClass\":\"K33\",\"VehicleColor\":\"2\",\"LeftTopX\":10,\"LeftTopY\":20,\"RightBtmX\":300,\"RightBtmY\":200,"
                + "\"SubImageList\":{\"SubImageInfoObject\":[{\"Type\":\"01\",\"FileFormat\":\"Jpeg\",\"ShotTime\":\"" + passTime + "\",\"Data\":\"" + img
                + "\"},{\"Type\":\"02\",\"FileFormat\":\"Jpeg\",\"Data\":\"" + img + "\"}]}}";
    }

    static String list(String... objects) {
        return "{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[" + String.join(",", objects) + "]}}";
    }

    static String id(int n) {
        return SENDER + "02" + "20261129120000" + String.format("%05d", n) + "02" + String.format("%05d", n);
    }
}
