package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIPp peer acting as GB/T 28181 cameras against `vistruct serve`: digest registration (a
 * wrong password refused with 403), keepalives, a three-page catalog with a GB2312 channel name,
 * device info; the API then shows the devices online with the right names, and offline once the
 * keepalives stop. Over UDP and over TCP.
 */
class Gb28181DeviceAccessTest {
    private static final Path SIPP = Path.of("/usr/bin/sipp");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sippCamerasRegisterAnswerTheCatalogAndGoOffline(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "needs sipp (apt-get install sip-tester)");
        for (String f : List.of("device.xml", "device-queries.xml", "device-wrong-password.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/sipp/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_GB28181_KEEPALIVE_TIMEOUT_S", "3"));
        String udpDevice = "34020000001320000001", tcpDevice = "34020000001320000002";
        try (VistructServer server = new VistructServer(data, config, "127.0.0.1", 0)) {
            String token = server.firstAdminToken(), base = "http://127.0.0.1:" + server.port();
            int sip = server.sipPort();

            long t0 = System.nanoTime();
            assertEquals(0, sipp(dir, "device.xml", udpDevice, "12345678", "u1", sip), "SIPp camera over UDP");
            System.out.printf("SIPp UDP camera: registered, 4 keepalives, catalog and device info in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            assertEquals(0, sipp(dir, "device.xml", tcpDevice, "12345678", "t1", sip), "SIPp camera over TCP");
            assertEquals(0, sipp(dir, "device-wrong-password.xml", "34020000001320000009", "not-the-password", "u1", sip), "403 for a wrong password");

            JsonNode devices = get(base + "/api/v1/devices", token).get("devices");
            List<String> ids = new ArrayList<>();
            devices.forEach(d -> ids.add(d.get("id").asText()));
            assertEquals(List.of(udpDevice, tcpDevice), ids, "the refused device is not listed");
            for (String id : List.of(udpDevice, tcpDevice)) {
                JsonNode d = get(base + "/api/v1/devices/" + id, token);
                assertEquals("IPC-SIPp", d.get("name").asText(), d.toString());
                assertEquals("SIPp Labs", d.get("manufacturer").asText());
                assertEquals("GB-Sim-1", d.get("model").asText());
                assertEquals(id.equals(udpDevice) ? "UDP" : "TCP", d.get("transport").asText());
                assertEquals(3, d.get("channels").asInt());
                JsonNode channels = get(base + "/api/v1/devices/" + id + "/channels", token).get("channels");
                List<String> names = new ArrayList<>();
                channels.forEach(c -> {
                    names.add(c.get("name").asText());
                    assertEquals(id, c.get("parentId").asText(), "ParentID naming the domain means the device itself");
                });
                assertEquals(3, names.size(), "three pages, out of order, one of them twice: three channels");
                assertEquals(java.util.Set.of("Gate 1", "大门口", "Lane 3"), java.util.Set.copyOf(names), "the GB2312 name decoded");
                System.out.println("device " + id + " over " + d.get("transport").asText() + ": channels " + names);
            }
            // the catalog's Longitude/Latitude make the channel a place for the analytics
            JsonNode place = null;
            for (JsonNode p : get(base + "/api/v1/places", token).get("places")) if (p.get("DeviceID").asText().equals("34020000001310000003")) place = p;
            assertNotNull(place, "Lane 3's catalog position is a place");
            assertEquals(117.283, place.get("Longitude").asDouble(), 1e-9);
            assertEquals(31.867, place.get("Latitude").asDouble(), 1e-9);
            assertEquals("catalog", place.get("Source").asText());

            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && get(base + "/api/v1/devices/" + udpDevice, token).get("online").asBoolean()) Thread.sleep(250);
            assertFalse(get(base + "/api/v1/devices/" + udpDevice, token).get("online").asBoolean(), "no keepalives: offline");
            String metrics = new String(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
            assertTrue(metrics.contains("vistruct_gb28181_refused_total 1.0"), metrics.lines().filter(l -> l.contains("gb28181")).toList().toString());
        }
        try (VistructServer again = new VistructServer(data, config, "127.0.0.1", 0)) {
            JsonNode d = get("http://127.0.0.1:" + again.port() + "/api/v1/devices/" + udpDevice, adminToken(data, again));
            assertEquals("IPC-SIPp", d.get("name").asText(), "devices and channels survive a restart");
            assertEquals(3, d.get("channels").asInt());
            assertFalse(d.get("online").asBoolean());
        }
    }

    private static String adminToken(Path data, VistructServer s) throws Exception {
        return TestConfigs.token(data, TestConfigs.load(Map.of()), "again", org.vistruct.server.http.Role.ADMIN);
    }

    private static int sipp(Path dir, String scenario, String device, String password, String transport, int serverPort) throws Exception {
        int local = transport.startsWith("u") ? freeUdpPort() : freeTcpPort();
        List<String> cmd = List.of(SIPP.toString(), "-sf", scenario, "-oocsf", "device-queries.xml", "-s", device, "-au", device, "-ap", password,
                "-i", "127.0.0.1", "-p", Integer.toString(local), "-t", transport, "-m", "1", "-l", "200", "-nostdin", "-timeout", "60s", "-timeout_error",
                "-key", "mport", "40000", "-key", "mproto", "RTP/AVP", "-key", "msetup", "passive",
                "-trace_err", "-error_file", dir.resolve(device + "-errors.log").toString(), "127.0.0.1:" + serverPort);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(device + ".out").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("sipp did not finish: " + Files.readString(dir.resolve(device + ".out")));
        }
        if (p.exitValue() != 0 && Files.exists(dir.resolve(device + "-errors.log"))) {
            System.out.println(Files.readString(dir.resolve(device + "-errors.log")));
        }
        return p.exitValue();
    }

    private static JsonNode get(String url, String token) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body()));
        return JSON.readTree(r.body());
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
