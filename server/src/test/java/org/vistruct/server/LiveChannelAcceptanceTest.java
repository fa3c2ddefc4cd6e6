package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.SharedDirectory;

/**
 * A channel analysed live through the whole platform: a SIPp camera registers, answers the catalog
 * and the INVITE; the test sends the slideshow's PS over RTP to the port the platform offered; the
 * labelled plates become records under the channel's DeviceID. Then the sender is killed: the
 * stream times out with its reason, the channel is re-invited, and analysis resumes. And a
 * camera's recordings, listed over paged RecordInfo answers, one played back (s=Playback) and
 * analysed with the recording's own time.
 */
class LiveChannelAcceptanceTest {
    private static final Path SIPP = Path.of("/usr/bin/sipp");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final String DEVICE = "34020000001320000005", CHANNEL = "34020000001310000001";

    /** A SIPp camera process; the keys shape its SDP answer to an INVITE. */
    static Process camera(Path dir, String device, int serverPort, String mport, String mproto, String msetup) throws Exception {
        int local;
        try (DatagramSocket s = new DatagramSocket(0)) {
            local = s.getLocalPort();
        }
        return new ProcessBuilder(SIPP.toString(), "-sf", "device-live.xml", "-oocsf", "device-queries.xml", "-s", device, "-au", device, "-ap", "12345678",
                "-i", "127.0.0.1", "-p", Integer.toString(local), "-t", "u1", "-m", "1", "-l", "200", "-nostdin", "-timeout", "150s",
                "-key", "mport", mport, "-key", "mproto", mproto, "-key", "msetup", msetup,
                "127.0.0.1:" + serverPort).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(device + ".out").toFile()).start();
    }

    @Test
    void tcpPassiveAndTcpActiveChannels(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "needs sipp (apt-get install sip-tester)");
        for (String f : List.of("device-live.xml", "device-queries.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/sipp/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        var aus = GbStreamSender.accessUnits(SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4"), false, dir).subList(0, 300);
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_GB28181_MEDIA_IP", "127.0.0.1", "VISTRUCT_GB28181_NO_MEDIA_TIMEOUT_S", "4",
                "VISTRUCT_ANALYSIS_FACES", "false", "VISTRUCT_ANALYSIS_PERSONS", "false"));
        List<Process> cameras = new ArrayList<>();
        try (VistructServer server = new VistructServer(Files.createDirectories(dir.resolve("data")), config, "127.0.0.1", 0);
             java.net.ServerSocket activeDevice = new java.net.ServerSocket(0)) {
            String base = "http://127.0.0.1:" + server.port(), token = server.firstAdminToken();
            String passive = "34020000001320000006", active = "34020000001320000007";
            cameras.add(camera(dir, passive, server.sipPort(), "40000", "TCP/RTP/AVP", "active"));
            cameras.add(camera(dir, active, server.sipPort(), Integer.toString(activeDevice.getLocalPort()), "TCP/RTP/AVP", "passive"));
            for (String d : List.of(passive, active)) {
                await(() -> get(base + "/api/v1/devices", token).get("devices").findValuesAsText("id").contains(d), 20, d + " registers");
                await(() -> get(base + "/api/v1/devices/" + d, token).get("channels").asInt() == 3, 20, d + " sends its catalog");
            }

            // TCP passive: the platform listens, the camera connects to the offered port
            assertEquals(202, post(base + "/api/v1/devices/" + passive + "/channels/" + CHANNEL + "/live?transport=TCP_PASSIVE", token));
            JsonNode p = awaitStream(base, token, passive, st -> st.get("mediaPort").asInt() > 0 && st.hasNonNull("ssrc"));
            Thread.sleep(500);
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", p.get("mediaPort").asInt())) {
                GbStreamSender.tcp(GbStreamSender.packets(aus, false, Long.parseLong(p.get("ssrc").asText())), s.getOutputStream(), 2.0);
            }
            // TCP active: the camera listens where its SDP answer says, the platform connects
            assertEquals(202, post(base + "/api/v1/devices/" + active + "/channels/" + CHANNEL + "/live?transport=TCP_ACTIVE", token));
            try (java.net.Socket s = activeDevice.accept()) {
                JsonNode a = awaitStream(base, token, active, st -> st.hasNonNull("ssrc"));
                GbStreamSender.tcp(GbStreamSender.packets(aus, false, Long.parseLong(a.get("ssrc").asText())), s.getOutputStream(), 2.0);
            }
            for (String d : List.of(passive, active)) {
                JsonNode done = awaitStream(base, token, d, st -> st.get("framesAnalysed").asInt() > 0 && st.get("records").asInt() > 0);
                System.out.printf("live over %s: %d RTP packets, %d frames received, %d analysed, %d records%n", done.get("transport").asText(),
                        done.get("packets").asInt(), done.get("framesReceived").asInt(), done.get("framesAnalysed").asInt(), done.get("records").asInt());
                assertEquals(200, delete(base + "/api/v1/devices/" + d + "/channels/" + CHANNEL + "/live", token));
            }
        } finally {
            for (Process c : cameras) c.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSippCameraIsInvitedAndItsPlatesAreRecorded(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "needs sipp (apt-get install sip-tester)");
        for (String f : List.of("device-live.xml", "device-queries.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/sipp/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        var frames = GbStreamSender.packets(GbStreamSender.accessUnits(SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4"), false, dir), false, 0);
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_GB28181_MEDIA_IP", "127.0.0.1", "VISTRUCT_GB28181_NO_MEDIA_TIMEOUT_S", "4",
                "VISTRUCT_ANALYSIS_FACES", "false", "VISTRUCT_ANALYSIS_PERSONS", "false"));
        Process sipp = null;
        try (VistructServer server = new VistructServer(Files.createDirectories(dir.resolve("data")), config, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port(), token = server.firstAdminToken();
            int local;
            try (DatagramSocket s = new DatagramSocket(0)) {
                local = s.getLocalPort();
            }
            sipp = new ProcessBuilder(SIPP.toString(), "-sf", "device-live.xml", "-oocsf", "device-queries.xml", "-s", DEVICE, "-au", DEVICE, "-ap", "12345678",
                    "-i", "127.0.0.1", "-p", Integer.toString(local), "-t", "u1", "-m", "1", "-l", "200", "-nostdin", "-timeout", "120s",
                    "-key", "mport", "40000", "-key", "mproto", "RTP/AVP", "-key", "msetup", "passive",
                    "127.0.0.1:" + server.sipPort()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
            await(() -> get(base + "/api/v1/devices", token).get("devices").findValuesAsText("id").contains(DEVICE), 20, "the camera registers");
            await(() -> get(base + "/api/v1/devices/" + DEVICE, token).get("channels").asInt() == 3, 20, "its catalog arrives");

            assertEquals(202, post(base + "/api/v1/devices/" + DEVICE + "/channels/" + CHANNEL + "/live?transport=UDP", token));
            JsonNode stream = awaitStream(base, token, s -> s.get("mediaPort").asInt() > 0 && s.hasNonNull("ssrc") && s.get("ssrc").asText().startsWith("0"));
            int port = stream.get("mediaPort").asInt();
            long ssrc = Long.parseLong(stream.get("ssrc").asText());
            Thread.sleep(500); // the 200 and ACK
            long t0 = System.nanoTime();
            GbStreamSender.udp(GbStreamSender.packets(GbStreamSender.accessUnits(SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4"), false, dir), false, ssrc),
                    new InetSocketAddress("127.0.0.1", port), 2.0, 0, 0, new Random(1));
            // the sender is gone: the platform must notice, say why, and invite again
            JsonNode dropped = awaitStream(base, token, s -> s.has("error") && s.get("error").asText().contains("no media"));
            System.out.printf("live: sent 32 s of video at 2x in %.1f s; then: %s (state %s)%n", (System.nanoTime() - t0) / 1e9, dropped.get("error").asText(), dropped.get("state").asText());
            Map<String, Integer> plates = plates(base, token);
            List<String> labelled = new ArrayList<>();
            for (String[] row : Labels.rows("video_plates.csv")) if (row[0].equals("plates_slideshow_h264.mp4") && !row[4].equals("-")) labelled.add(row[4]);
            long exact = labelled.stream().filter(plates::containsKey).count();
            System.out.printf("live: %d of %d labelled plates recorded under channel %s, counts %s%n", exact, labelled.size(), CHANNEL, plates);
            assertTrue(exact >= 12, exact + " exact");
            assertTrue(plates.values().stream().allMatch(c -> c == 1), "no duplicates: " + plates);

            JsonNode again = awaitStream(base, token, s -> s.get("retries").asInt() >= 1 && s.get("mediaPort").asInt() > 0 && s.get("mediaPort").asInt() != port
                    && s.get("state").asText().equals("starting"));
            long ssrc2 = Long.parseLong(again.get("ssrc").asText());
            Thread.sleep(500);
            GbStreamSender.udp(frames.subList(0, 250).stream().map(f -> f).toList().isEmpty() ? List.of() : GbStreamSender.packets(
                    GbStreamSender.accessUnits(SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4"), false, dir).subList(0, 250), false, ssrc2),
                    new InetSocketAddress("127.0.0.1", again.get("mediaPort").asInt()), 2.0, 0, 0, new Random(2));
            JsonNode resumed = awaitStream(base, token, s -> s.get("framesAnalysed").asInt() > 0 && s.get("retries").asInt() >= 1);
            System.out.printf("live: re-invited after %d retr%s (ssrc %s, port %d), analysis resumed: %d frames analysed%n", resumed.get("retries").asInt(),
                    resumed.get("retries").asInt() == 1 ? "y" : "ies", again.get("ssrc").asText(), again.get("mediaPort").asInt(), resumed.get("framesAnalysed").asInt());
            assertEquals(200, delete(base + "/api/v1/devices/" + DEVICE + "/channels/" + CHANNEL + "/live", token));

        } finally {
            if (sipp != null) sipp.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void recordingsAreListedAndOneIsPlayedBackWithItsOwnTime(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "needs sipp (apt-get install sip-tester)");
        for (String f : List.of("device-live.xml", "device-queries.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/sipp/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_GB28181_MEDIA_IP", "127.0.0.1", "VISTRUCT_GB28181_NO_MEDIA_TIMEOUT_S", "4",
                "VISTRUCT_ANALYSIS_FACES", "false", "VISTRUCT_ANALYSIS_PERSONS", "false"));
        Process sipp = null;
        try (VistructServer server = new VistructServer(Files.createDirectories(dir.resolve("data")), config, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port(), token = server.firstAdminToken();
            int local;
            try (DatagramSocket s = new DatagramSocket(0)) {
                local = s.getLocalPort();
            }
            sipp = new ProcessBuilder(SIPP.toString(), "-sf", "device-live.xml", "-oocsf", "device-queries.xml", "-s", DEVICE, "-au", DEVICE, "-ap", "12345678",
                    "-i", "127.0.0.1", "-p", Integer.toString(local), "-t", "u1", "-m", "1", "-l", "200", "-nostdin", "-timeout", "120s",
                    "-key", "mport", "40000", "-key", "mproto", "RTP/AVP", "-key", "msetup", "passive",
                    "127.0.0.1:" + server.sipPort()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
            await(() -> get(base + "/api/v1/devices", token).get("devices").findValuesAsText("id").contains(DEVICE), 20, "the camera registers");
            await(() -> get(base + "/api/v1/devices/" + DEVICE, token).get("channels").asInt() == 3, 20, "its catalog arrives");

            // recordings: two pages, one recording in both, three in all
            JsonNode recordings = get(base + "/api/v1/devices/" + DEVICE + "/channels/" + CHANNEL + "/records?from=2026-11-20T00:00:00&to=2026-11-21T00:00:00", token).get("records");
            assertEquals(3, recordings.size(), recordings.toString());
            assertEquals(List.of("/rec/1.mp4", "/rec/2.mp4", "/rec/3.mp4"), recordings.findValuesAsText("filePath"));
            // play one back: a history SSRC, and records with the recording's own time
            assertEquals(202, post(base + "/api/v1/devices/" + DEVICE + "/channels/" + CHANNEL + "/playback?from=2026-11-20T01:00:00&to=2026-11-20T01:30:00", token));
            JsonNode pb = awaitStream(base, token, st -> st.has("playback") && st.get("mediaPort").asInt() > 0 && st.hasNonNull("ssrc") && st.get("ssrc").asText().startsWith("1"));
            Thread.sleep(500);
            GbStreamSender.udp(GbStreamSender.packets(GbStreamSender.accessUnits(SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4"), false, dir).subList(0, 300),
                    false, Long.parseLong(pb.get("ssrc").asText())), new InetSocketAddress("127.0.0.1", pb.get("mediaPort").asInt()), 2.0, 0, 0, new Random(3));
            JsonNode ended = awaitStream(base, token, st -> st.has("playback") && st.get("state").asText().equals("stopped"));
            JsonNode old = get(base + "/api/v1/records?device=" + CHANNEL + "&type=MotorVehicle&from=2026-11-20T01:00:00&to=2026-11-20T01:30:00&limit=100", token);
            System.out.printf("playback: ssrc %s, %d frames analysed, %d records timed within the recording (e.g. %s)%n", pb.get("ssrc").asText(),
                    ended.get("framesAnalysed").asInt(), old.get("total").asInt(), old.get("records").size() > 0 ? old.get("records").get(0).get("PassTime").asText() : "-");
            assertTrue(old.get("total").asInt() >= 3, "records of the playback carry the recording's time: " + old);
        } finally {
            if (sipp != null) sipp.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Integer> plates(String base, String token) throws Exception {
        JsonNode page = get(base + "/api/v1/records?device=" + CHANNEL + "&type=MotorVehicle&limit=200", token);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode r : page.get("records")) if (!r.get("PlateNo").asText().equals("无车牌")) counts.merge(r.get("PlateNo").asText(), 1, Integer::sum);
        return counts;
    }

    private JsonNode awaitStream(String base, String token, Predicate<JsonNode> condition) throws Exception {
        return awaitStream(base, token, null, condition);
    }

    private JsonNode awaitStream(String base, String token, String device, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            JsonNode streams = get(base + "/api/v1/streams", token).get("streams");
            for (JsonNode s : streams) {
                last = s;
                if (device != null && !s.get("deviceId").asText().equals(device)) continue;
                if (s.get("channelId").asText().equals(CHANNEL) && condition.test(s)) return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stream never reached the expected state; last: " + last);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls until the check holds, failing with {@code what} after {@code seconds}. */
    static void await(Check c, int seconds, String what) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            if (c.ok()) return;
            Thread.sleep(200);
        }
        fail(what + " within " + seconds + " s");
    }

    private static JsonNode get(String url, String token) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body()));
        return JSON.readTree(r.body());
    }

    private static int post(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int delete(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
