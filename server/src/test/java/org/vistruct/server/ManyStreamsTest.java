package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vistruct.server.LiveChannelAcceptanceTest.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.core.SharedDirectory;

/**
 * Four live channels (four SIPp cameras, each sent a slideshow as PS over RTP on loopback, H.264
 * and H.265 in turn) and a job analysing a file, all at once on one node: every channel's plates
 * are recorded under that channel and no other, none lost and none twice, the job's under its own
 * device; and the node holds one ONNX Runtime session per model however many streams and jobs run
 * (before the shared engine each stream and job loaded its own: 2 + 5 × 6 sessions here).
 */
class ManyStreamsTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final Path SIPP = Path.of("/usr/bin/sipp");
    private static final int STREAMS = 4;
    private static final String JOB_DEVICE = "34020000001320000099";

    private static boolean hevc(int k) { return k % 2 == 0; }

    private static String device(int k) { return "3402000000132000001" + k; }

    /** Camera k's first channel: its catalog's channel ids made its own (the shared scenario gives every camera the same ones). */
    private static String channel(int k) { return "3402000000131000" + k + "001"; }

    @Test
    void fourLiveChannelsAndAJobShareOneSessionPerModel(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "needs sipp (apt-get install sip-tester)");
        scenarios(dir, STREAMS);
        // a lag of a minute: this test is about streams kept apart, not shedding (LiveMediaAcceptanceTest sheds)
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_GB28181_MEDIA_IP", "127.0.0.1", "VISTRUCT_GB28181_MAX_LAG_MS", "60000",
                "VISTRUCT_GB28181_NO_MEDIA_TIMEOUT_S", "120", "VISTRUCT_ANALYSIS_FACES", "false", "VISTRUCT_ANALYSIS_PERSONS", "false",
                "VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString()));
        int before = OnnxModel.openSessions();
        List<Process> cameras = new ArrayList<>();
        try (VistructServer server = new VistructServer(Files.createDirectories(dir.resolve("data")), config, "127.0.0.1", 0)) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), server.firstAdminToken());
            cameras.addAll(cameras(dir, STREAMS, api, server.sipPort()));
            int[] whole = new int[STREAMS];
            java.util.Arrays.fill(whole, Integer.MAX_VALUE);
            List<Thread> senders = stream(api, dir, whole);
            ApiClient.Answer job = api.post("/api/v1/jobs", Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(), "deviceId", JOB_DEVICE));
            assertEquals(201, job.status(), job.text());
            String jobId = job.json().get("id").asText();

            // sessions while everything runs: sampled until the job is done and every stream has been analysed to its end
            AtomicInteger most = new AtomicInteger();
            long t0 = System.nanoTime();
            JsonNode done = null;
            while (System.nanoTime() - t0 < 240_000_000_000L) {
                most.accumulateAndGet(sessions(api), Math::max);
                done = api.json("/api/v1/jobs/" + jobId);
                boolean sent = senders.stream().noneMatch(Thread::isAlive);
                if (sent && !Set.of("queued", "running").contains(done.get("state").asText()) && streamsIdle(api)) break;
                Thread.sleep(500);
            }
            for (Thread t : senders) t.join();
            assertEquals("done", done.get("state").asText(), done.toString());

            List<String> labelled = new ArrayList<>();
            for (String[] row : Labels.rows("video_plates.csv")) if (row[0].equals("plates_slideshow_h264.mp4") && !row[4].equals("-")) labelled.add(row[4]);
            Map<String, Map<String, Integer>> byDevice = new TreeMap<>();
            JsonNode page = api.json("/api/v1/records?type=MotorVehicle&limit=1000");
            for (JsonNode r : page.get("records")) {
                if (r.get("PlateNo").asText().equals("无车牌")) continue;
                byDevice.computeIfAbsent(r.get("DeviceID").asText(), x -> new LinkedHashMap<>()).merge(r.get("PlateNo").asText(), 1, Integer::sum);
            }
            for (JsonNode s : api.json("/api/v1/streams").get("streams")) {
                System.out.printf("many streams: channel %s: %d frames analysed, %d shed, %d records%n", s.get("channelId").asText(), s.path("framesAnalysed").asInt(),
                        s.path("framesShed").asInt(), s.path("records").asInt());
            }
            int models = sessions(api);
            System.out.printf("many streams: %d live channels and a job in %.0f s; ONNX Runtime sessions on the node: %d while they ran (at most), %d after; "
                    + "job %d frames at %.1f frames/s; plates per device %s%n", STREAMS, (System.nanoTime() - t0) / 1e9, most.get(), models,
                    done.get("framesAnalysed").asInt(), done.get("framesPerSecond").asDouble(), byDevice);

            Set<String> expectedDevices = new java.util.TreeSet<>(Set.of(JOB_DEVICE));
            for (int k = 1; k <= STREAMS; k++) expectedDevices.add(channel(k));
            assertEquals(expectedDevices, byDevice.keySet(), "records only under the four channels and the job's device");
            for (String d : expectedDevices) {
                Map<String, Integer> plates = byDevice.get(d);
                long exact = labelled.stream().filter(plates::containsKey).count();
                assertTrue(exact >= 12, d + ": " + exact + " of " + labelled.size() + " labelled plates: " + plates);
                assertTrue(plates.values().stream().allMatch(c -> c == 1), d + ": each plate once: " + plates);
            }
            // the vehicle and plate models (6) and the query-photo face models (2), each once: not once per stream and job
            assertEquals(8, most.get() - before, "one session per model while 4 streams and a job ran");
            assertEquals(8, models - before, "the sessions stay loaded for the next stream");
        } finally {
            for (Process p : cameras) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(before, OnnxModel.openSessions(), "the node's sessions closed with it");
    }

    /**
     * More streams than the node can analyse (8 channels, everything on: vehicles, plates, people,
     * faces): each stream sheds sampled frames, counted per stream in the streams API and /metrics,
     * and still produces records; the heap stays bounded; once seven of them stop, the one left
     * analyses in real time again and sheds no more.
     */
    @Test
    void anOverloadedNodeShedsFramesPerStreamAndRecovers(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "needs sipp (apt-get install sip-tester)");
        int n = 8;
        scenarios(dir, n);
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_GB28181_MEDIA_IP", "127.0.0.1", "VISTRUCT_GB28181_NO_MEDIA_TIMEOUT_S", "4"));
        List<Process> cameras = new ArrayList<>();
        var heap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null).toList();
        try (VistructServer server = new VistructServer(Files.createDirectories(dir.resolve("data")), config, "127.0.0.1", 0)) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), server.firstAdminToken());
            cameras.addAll(cameras(dir, n, api, server.sipPort()));
            int[] units = new int[n];
            java.util.Arrays.fill(units, 300); // 12 s of the slideshow
            units[0] = Integer.MAX_VALUE; // the whole 32 s
            long t0 = System.nanoTime();
            List<Thread> senders = stream(api, dir, units);
            long heapMost = 0;
            while (senders.subList(1, n).stream().anyMatch(Thread::isAlive)) {
                for (var p : heap) heapMost = Math.max(heapMost, p.getCollectionUsage().getUsed());
                Thread.sleep(500);
            }
            double othersStopped = (System.nanoTime() - t0) / 1e9;
            Map<String, JsonNode> overloaded = views(api);
            // what was left in the one stream's pipe is at most max-lag behind: give it that and a margin, then it must keep up
            Thread.sleep(6000);
            long shedAlone = views(api).get(channel(1)).path("framesShed").asLong();
            String metrics = api.get("/metrics").text();
            senders.get(0).join();
            await(() -> streamsIdle(api), 60, "the last stream analysed to its end");
            Map<String, JsonNode> end = views(api);
            for (var p : heap) heapMost = Math.max(heapMost, p.getCollectionUsage().getUsed());
            for (int k = 1; k <= n; k++) {
                JsonNode v = (k == 1 ? end : overloaded).get(channel(k));
                System.out.printf("overload: channel %s: %d frames analysed, %d shed, %d records%n", channel(k), v.path("framesAnalysed").asLong(),
                        v.path("framesShed").asLong(), v.path("records").asLong());
            }
            long shedEnd = end.get(channel(1)).path("framesShed").asLong();
            System.out.printf("overload: %d streams for %.0f s, then one alone: it had shed %d sampled frames 6 s after the others stopped and %d at its end; "
                    + "heap after collections at most %d MB%n", n, othersStopped, shedAlone, shedEnd, heapMost >> 20);

            long shedStreams = overloaded.values().stream().filter(v -> v.path("framesShed").asLong() > 0).count();
            assertTrue(shedStreams >= n / 2, "an overloaded node sheds frames on its streams: " + shedStreams + " of " + n + " shed");
            for (int k = 1; k <= n; k++) {
                assertTrue((k == 1 ? end : overloaded).get(channel(k)).path("records").asLong() > 0, "every stream still produces records: " + channel(k));
                assertTrue(metrics.contains("vistruct_live_frames_shed{channel=\"" + channel(k) + "\",device=\"" + device(k) + "\"}"),
                        "frames shed per stream in /metrics: " + channel(k));
            }
            assertEquals(shedAlone, shedEnd, "alone again, the stream keeps up: no frame shed after the others stopped");
            assertTrue(heapMost < 1536L << 20, "heap stays bounded: " + (heapMost >> 20) + " MB after collections");
        } finally {
            for (Process p : cameras) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The streams by channel. */
    private static Map<String, JsonNode> views(ApiClient api) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode s : api.json("/api/v1/streams").get("streams")) out.put(s.get("channelId").asText(), s);
        return out;
    }

    /** The camera scenarios, each camera's catalog with channel ids of its own. */
    private void scenarios(Path dir, int cameras) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/sipp/device-live.xml")) {
            Files.copy(in, dir.resolve("device-live.xml"));
        }
        String queries;
        try (InputStream in = getClass().getResourceAsStream("/sipp/device-queries.xml")) {
            queries = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (int k = 1; k <= cameras; k++) {
            Files.writeString(dir.resolve("device-queries-" + k + ".xml"), queries.replace("34020000001310000", "3402000000131000" + k));
        }
    }

    /** Starts n cameras and waits until each has registered and sent its catalog. */
    private static List<Process> cameras(Path dir, int n, ApiClient api, int sipPort) throws Exception {
        List<Process> cameras = new ArrayList<>();
        for (int k = 1; k <= n; k++) cameras.add(camera(dir, k, sipPort));
        for (int k = 1; k <= n; k++) {
            String d = device(k);
            await(() -> api.json("/api/v1/devices").get("devices").findValuesAsText("id").contains(d), 30, d + " registers");
            await(() -> api.json("/api/v1/devices/" + d).get("channels").asInt() == 3, 30, d + " sends its catalog");
        }
        return cameras;
    }

    /**
     * Invites each camera's first channel and sends it the slideshow (H.264 and H.265 in turn) as PS
     * over RTP at real time, the first {@code units[k-1]} access units of it; the senders' threads.
     */
    private static List<Thread> stream(ApiClient api, Path dir, int[] units) throws Exception {
        List<List<GbStreamSender.AccessUnit>> accessUnits = new ArrayList<>();
        for (int k = 1; k <= units.length; k++) {
            List<GbStreamSender.AccessUnit> all = GbStreamSender.accessUnits(SHARED.resolve("media/video/plates_slideshow_" + (hevc(k) ? "h265" : "h264") + ".mp4"), hevc(k), dir);
            accessUnits.add(all.subList(0, Math.min(all.size(), units[k - 1])));
        }
        for (int k = 1; k <= units.length; k++) {
            assertEquals(202, api.post("/api/v1/devices/" + device(k) + "/channels/" + channel(k) + "/live?transport=UDP", Map.of()).status());
        }
        List<Thread> senders = new ArrayList<>();
        for (int k = 1; k <= units.length; k++) {
            int kk = k;
            JsonNode s = awaitStream(api, channel(k), st -> st.get("mediaPort").asInt() > 0 && st.hasNonNull("ssrc"));
            long ssrc = Long.parseLong(s.get("ssrc").asText());
            int port = s.get("mediaPort").asInt();
            senders.add(Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(500); // the 200 and ACK
                    GbStreamSender.udp(GbStreamSender.packets(accessUnits.get(kk - 1), hevc(kk), ssrc), new InetSocketAddress("127.0.0.1", port), 1.0, 0, 0, new Random(kk));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        return senders;
    }

    private static Process camera(Path dir, int k, int serverPort) throws Exception {
        int local;
        try (DatagramSocket s = new DatagramSocket(0)) {
            local = s.getLocalPort();
        }
        String d = device(k);
        return new ProcessBuilder(SIPP.toString(), "-sf", "device-live.xml", "-oocsf", "device-queries-" + k + ".xml", "-s", d, "-au", d, "-ap", "12345678",
                "-i", "127.0.0.1", "-p", Integer.toString(local), "-t", "u1", "-m", "1", "-l", "200", "-nostdin", "-timeout", "300s",
                "-key", "mport", "40000", "-key", "mproto", "RTP/AVP", "-key", "msetup", "passive",
                "127.0.0.1:" + serverPort).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(d + ".out").toFile()).start();
    }

    /** ONNX Runtime sessions open on the node, from /metrics. */
    private static int sessions(ApiClient api) throws Exception {
        for (String line : api.get("/metrics").text().split("\n")) {
            if (line.startsWith("vistruct_model_sessions ")) return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
        }
        throw new AssertionError("vistruct_model_sessions missing from /metrics");
    }

    /** Whether every stream has been analysed up to what it received (nothing waiting in its pipe for the analysis). */
    private static boolean streamsIdle(ApiClient api) throws Exception {
        long analysed = framesAnalysed(api);
        Thread.sleep(2000);
        return analysed > 0 && framesAnalysed(api) == analysed;
    }

    private static long framesAnalysed(ApiClient api) throws Exception {
        long n = 0;
        for (JsonNode s : api.json("/api/v1/streams").get("streams")) n += s.path("framesAnalysed").asLong();
        return n;
    }

    private static JsonNode awaitStream(ApiClient api, String channel, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode s : api.json("/api/v1/streams").get("streams")) {
                if (!s.get("channelId").asText().equals(channel)) continue;
                last = s;
                if (condition.test(s)) return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stream of " + channel + " never reached the expected state; last: " + last);
    }
}
