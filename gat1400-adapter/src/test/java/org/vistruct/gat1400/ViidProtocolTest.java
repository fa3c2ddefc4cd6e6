package org.vistruct.gat1400;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vistruct.core.DigestAuthenticator;
import org.vistruct.core.MotorVehicle;
import org.vistruct.gat1400.system.Registrations;

/** What real peers send, taken; what is wrong in one object, refused for that object alone. */
class ViidProtocolTest {
    private static final String PATH = "/VIID/System/Register";

    private static Registrations.Outcome.Kind register(Registrations r, String authorization) {
        return r.register(Peers.SENDER, authorization, "POST", PATH, "127.0.0.1").kind();
    }

    private static Map<String, String> challenge(Registrations r) {
        return DigestAuthenticator.fields(r.register(Peers.SENDER, null, "POST", PATH, "127.0.0.1").challenge());
    }

    /** The response computed by hand, the way a given client writes its fields. */
    private static String header(Map<String, String> c, String uri, String nc, boolean quoteNc, boolean opaque, String password) {
        String cnonce = "0a4f113b";
        String response = DigestAuthenticator.response(Peers.SENDER, c.get("realm"), password, "POST", uri, c.get("nonce"), "auth", nc, cnonce);
        return "Digest username=\"" + Peers.SENDER + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce") + "\", uri=\"" + uri + "\", qop=auth, nc="
                + (quoteNc ? "\"" + nc + "\"" : nc) + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\"" + (opaque ? ", opaque=\"" + c.get("opaque") + "\"" : "");
    }

    @Test
    void digestAsPeersWriteIt() {
        Registrations r = Peers.registrations();
        assertEquals(Registrations.Outcome.Kind.CHALLENGE, register(r, null));
        Map<String, String> c = challenge(r);
        assertNotNull(c.get("nonce"));
        assertEquals("auth", c.get("qop"));
        // our own client
        assertEquals(Registrations.Outcome.Kind.OK, register(r, DigestAuthenticator.authorization(c, Peers.SENDER, Peers.PASSWORD, "POST", PATH, 1)));
        // uri as a full URL; nc unquoted and unpadded (fliad-viid's DigestsUtil writes nc=1); no opaque
        assertEquals(Registrations.Outcome.Kind.OK, register(r, header(c, "http://127.0.0.1:8080" + PATH, "1", false, false, Peers.PASSWORD)));
        // nc quoted (WVP's gat1400 DigestData quotes every field), opaque echoed
        assertEquals(Registrations.Outcome.Kind.OK, register(r, header(c, PATH, "00000001", true, true, Peers.PASSWORD)));
        // wrong password, wrong uri, someone else's username: refused
        assertEquals(Registrations.Outcome.Kind.REFUSED, register(r, header(c, PATH, "00000001", false, false, "wrong")));
        assertEquals(Registrations.Outcome.Kind.REFUSED, register(r, header(c, "/VIID/Faces", "00000001", false, false, Peers.PASSWORD)));
        assertEquals(Registrations.Outcome.Kind.REFUSED, register(r, header(c, PATH, "00000001", false, false, Peers.PASSWORD).replace(Peers.SENDER, "34020000001190000002")));
        // a forged nonce
        assertEquals(Registrations.Outcome.Kind.REFUSED, register(r, header(Map.of("realm", c.get("realm"), "nonce", "0".repeat(40)), PATH, "1", false, false, Peers.PASSWORD)));
        // garbage
        assertEquals(Registrations.Outcome.Kind.REFUSED, register(r, "Digest ,,,=\"\"\"===,username"));
        assertTrue(r.isOnline(Peers.SENDER));
    }

    @Test
    void responseStatusesInEveryShape() {
        var zone = MemoryPorts.ZONE;
        List<ResponseStatus> list = ResponseStatus.read(read("{\"ResponseStatusListObject\":{\"ResponseStatusObject\":[{\"Id\":\"a\",\"StatusCode\":0},"
                + "{\"Id\":\"b\",\"StatusCode\":\"8\",\"StatusString\":\"bad\"}]}}"), zone);
        assertEquals(2, list.size());
        assertTrue(list.get(0).isOk());
        assertEquals(ViidStatus.INVALID_JSON_CONTENT, list.get(1).status());
        List<ResponseStatus> single = ResponseStatus.read(read("{\"ResponseStatusListObject\":{\"ResponseStatusObject\":{\"Id\":\"a\",\"StatusCode\":\"0\"}}}"), zone);
        assertEquals(1, single.size());
        assertTrue(single.get(0).isOk());
        assertTrue(ResponseStatus.read(read("{\"ResponseStatusObject\":{\"Id\":\"x\",\"StatusCode\":\"0\",\"LocalTime\":\"garbage\"}}"), zone).get(0).isOk());
        assertEquals(ViidStatus.OTHER_ERROR, ResponseStatus.read(read("{\"ResponseStatusObject\":{\"StatusCode\":\"x\"}}"), zone).get(0).status());
    }

    private static JsonNode read(String s) { return ViidJson.parseObject(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }

    @Test
    void tolerantReadingOfObjects() throws Exception {
        MemoryPorts ports = new MemoryPorts();
        ViidService s = ports.service(Peers.registrations());
        Peers.register(s);
        String img = java.util.Base64.getMimeEncoder().encodeToString(Peers.JPEG); // with line breaks, as MIME encoders write it
        String quirky = "{\"MotorVehicleListObject\":{\"MotorVehicleObject\":{" // one object where the list should be
                + "\"motorvehicleid\":\"" + Peers.id(1) + "\",\"DeviceId\":\"" + Peers.SENDER + "\"," // names in other cases
                + "\"PassTime\":\"20261129120000123\",\"PlateNo\":\"皖AB627G\",\"PlateColor\":5,\"PlateReliability\":\"97\"," // milliseconds, numbers as strings and strings as numbers
                + "\"SubImageList\":[{\"Type\":1,\"Data\":\"data:image/jpeg;base64," + img.replace("\r\n", "\\r\\n") + "\"}]}}}"; // array SubImageList, type 1, data: URL
        ViidResponse res = s.handle(Peers.request("POST", "/VIID/MotorVehicles", quirky, Map.of("User-Identify", Peers.SENDER, "Content-Type", "application/json")));
        assertEquals(200, res.status(), res.json().toString());
        assertEquals(0, res.json().at("/ResponseStatusListObject/ResponseStatusObject/0/StatusCode").asInt(), res.json().toString());
        MotorVehicle v = (MotorVehicle) ports.records.get(Peers.id(1));
        assertEquals("皖AB627G", v.plateNo());
        assertEquals(97, v.plateReliability());
        assertEquals(org.vistruct.core.GaTime.parse("20261129120000", MemoryPorts.ZONE) + 123, v.passTime());
        assertNotNull(v.storageUrl3(), "the big picture (type 01) is the scene");
        assertNull(v.storageUrl2());
        assertEquals(Peers.JPEG.length, ports.store.get(v.storageUrl3()).length);
    }

    @Test
    void oneWrongObjectFailsAloneAndNothingIsWrittenTwice() throws Exception {
        MemoryPorts ports = new MemoryPorts();
        ViidService s = ports.service(Peers.registrations());
        Peers.register(s);
        String good = Peers.motorVehicle(Peers.id(1), "皖AB627G", "20261129120000");
        String body = Peers.list(good,
                Peers.motorVehicle("../../etc", "皖AB627G", "20261129120000"),
                Peers.motorVehicle(Peers.id(3), "皖AB627G", "20261329120000"),
                Peers.motorVehicle(Peers.id(4), "皖AB627G", "20261129120000").replace("\"PlateColor\":\"5\"", "\"PlateColor\":\"77\""),
                Peers.motorVehicle(Peers.id(5), "皖AB627G", "20261129120000").replace("\"Type\":\"02\",\"FileFormat\":\"Jpeg\",\"Data\":\"", "\"Type\":\"02\",\"Data\":\"!!"),
                Peers.motorVehicle(Peers.id(6), "皖AB627G", "20261129120000").replace("\"Type\":\"02\",\"FileFormat\":\"Jpeg\",\"Data\":\"", "\"Type\":\"02\",\"Data\":\"iVBORw0KGgo"),
                Peers.motorVehicle(Peers.id(7), "皖AB627G", "20991129120000"),
                Peers.motorVehicle(Peers.id(8), "皖AB627G", "20261129120000").replace("\"VehicleClass\":\"K33\"", "\"VehicleClass\":\"Q99\""),
                "42", Peers.motorVehicle(Peers.id(9), "沪CQ9339", "20261129120000"));
        ViidResponse res = s.handle(Peers.request("POST", "/VIID/MotorVehicles", body, Map.of("User-Identify", Peers.SENDER)));
        assertEquals(200, res.status());
        JsonNode st = res.json().at("/ResponseStatusListObject/ResponseStatusObject");
        assertEquals(10, st.size(), st.toString());
        int[] expected = {0, 8, 8, 8, 8, 8, 8, 8, 8, 0};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], st.get(i).get("StatusCode").asInt(), "object " + i + ": " + st.get(i));
        assertTrue(st.get(2).get("StatusString").asText().contains("cannot read time"), st.get(2).toString());
        assertEquals(2, ports.records.size());
        long writes = ports.writes.get();
        ViidResponse again = s.handle(Peers.request("POST", "/VIID/MotorVehicles", Peers.list(good), Map.of("User-Identify", Peers.SENDER)));
        assertEquals(0, again.json().at("/ResponseStatusListObject/ResponseStatusObject/0/StatusCode").asInt());
        assertEquals(writes, ports.writes.get(), "the same object sent again is not written again");
    }

    @Test
    void aCopyWithPicturesCompletesTheHeldRecordAndACopyWithoutThemChangesNothing() throws Exception {
        MemoryPorts ports = new MemoryPorts();
        ViidService s = ports.service(Peers.registrations());
        Peers.register(s);
        String id = Peers.id(11);
        String full = Peers.motorVehicle(id, "皖AB627G", "20261129120000");
        String bare = full.substring(0, full.indexOf(",\"SubImageList\"")) + "}"; // as a subscription that declared no pictures sends it
        Map<String, String> from = Map.of("User-Identify", Peers.SENDER);
        s.handle(Peers.request("POST", "/VIID/MotorVehicles", Peers.list(bare), from));
        assertEquals(0, ports.records.get(id).pictureKeys().size());
        ViidResponse res = s.handle(Peers.request("POST", "/VIID/MotorVehicles", Peers.list(full), from));
        assertEquals(0, res.json().at("/ResponseStatusListObject/ResponseStatusObject/0/StatusCode").asInt(), res.json().toString());
        assertEquals(2, ports.records.get(id).pictureKeys().size(), "the pictures complete the record");
        long writes = ports.writes.get();
        s.handle(Peers.request("POST", "/VIID/MotorVehicles", Peers.list(bare), from));
        s.handle(Peers.request("POST", "/VIID/MotorVehicles", Peers.list(full), from));
        assertEquals(writes, ports.writes.get(), "copies that bring nothing new are not written");
        assertEquals(2, ports.records.get(id).pictureKeys().size());
    }

    @Test
    void unregisteredSendersAndMalformedBodies() throws Exception {
        MemoryPorts ports = new MemoryPorts();
        ViidService s = ports.service(Peers.registrations());
        ViidResponse r = s.handle(Peers.request("POST", "/VIID/MotorVehicles", Peers.list(Peers.motorVehicle(Peers.id(1), "皖AB627G", "20261129120000")),
                Map.of("User-Identify", Peers.SENDER)));
        assertEquals(401, r.status());
        assertEquals(4, r.json().at("/ResponseStatusObject/StatusCode").asInt());
        assertEquals(0, ports.records.size());
        Peers.register(s);
        assertEquals(7, s.handle(Peers.request("POST", "/VIID/MotorVehicles", "{\"a\":", Map.of("User-Identify", Peers.SENDER))).json()
                .at("/ResponseStatusObject/StatusCode").asInt());
        assertEquals(400, s.handle(Peers.request("POST", "/VIID/MotorVehicles", "[]", Map.of("User-Identify", Peers.SENDER))).status());
        assertEquals(404, s.handle(Peers.request("GET", "/VIID/Nothing", null, Map.of("User-Identify", Peers.SENDER))).status());
        assertEquals(400, s.handle(Peers.request("GET", "/VIID/MotorVehicles?Bogus=1", null, Map.of("User-Identify", Peers.SENDER))).status());
        assertEquals(200, s.handle(Peers.request("GET", "/VIID/System/Time", null, Map.of())).status());
        // keepalive of someone never registered
        assertEquals(401, s.handle(Peers.request("POST", "/VIID/System/Keepalive", "{\"KeepaliveObject\":{\"DeviceID\":\"x\"}}", Map.of("User-Identify", Peers.SENDER))).status());
    }
}
