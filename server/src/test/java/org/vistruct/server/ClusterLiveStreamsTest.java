package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.testservers.OpenSearchTestCluster;
import org.vistruct.testservers.S3MockServer;

/**
 * Live channels shared by three vistruct nodes (own JVMs, gb28181.cluster) on one PostgreSQL, a
 * 2-node OpenSearch cluster and an S3 server, all on 127.0.0.1. Three SIPp cameras register with the
 * node holding the signalling role; three channels wanted through another node are placed one per
 * node; the test plays each camera's media to wherever the platform's INVITE points it (as a camera
 * does), across re-INVITEs. An analysis node is killed (kill -9): its channel is re-invited to
 * another node. Then the signalling node is killed: another node takes the role and binds its own SIP
 * address, the cameras register there (what a floating address gives), the dead node's channel is
 * re-invited, and the channel that never moved keeps streaming through the takeover. Every record a
 * killed node acknowledged is found, none twice. Needs PostgreSQL (bin/test's second pass, or
 * bin/with-postgres) and sipp.
 */
class ClusterLiveStreamsTest {
    private static final Path SHARED = SharedDirectory.require(), SIPP = Path.of("/usr/bin/sipp");
    private static final List<String> DEVICES = List.of("34020000001320000011", "34020000001320000012", "34020000001320000013");

    /** Each camera's channel (from the cameras' catalog), so that records tell the cameras apart. */
    private static String channel(String device) { return "3402000000131000000" + (DEVICES.indexOf(device) + 1); }

    /** The media half of one camera: plays the slideshow (looped, timestamps running on) to where its channel's current receiver is. */
    private static final class Camera implements AutoCloseable {
        private final List<GbStreamSender.AccessUnit> aus;
        private volatile InetSocketAddress to;
        private volatile long ssrc;
        private volatile boolean stop;
        private final Thread thread;
        volatile int framesSent;

        Camera(List<GbStreamSender.AccessUnit> aus, int startAt) {
            this.aus = aus;
            this.thread = Thread.ofPlatform().daemon().start(() -> run(startAt));
        }

        /** Where the INVITE pointed the camera (the receiver's port and SSRC). */
        void target(int port, long newSsrc) {
            if (to != null && to.getPort() == port && ssrc == newSsrc) return;
            ssrc = newSsrc;
            to = new InetSocketAddress("127.0.0.1", port);
        }

        private void run(int startAt) {
            try (DatagramSocket s = new DatagramSocket()) {
                long next = System.nanoTime(), packetsFor = -1;
                org.vistruct.gb28181.media.PsMuxer mux = null;
                org.vistruct.gb28181.media.RtpPacketizer rtp = null;
                for (int i = startAt; !stop && i < aus.size(); ) {
                    InetSocketAddress where = to;
                    if (where != null) {
                        if (ssrc != packetsFor) { // a new dialog: a new RTP session
                            packetsFor = ssrc;
                            mux = new org.vistruct.gb28181.media.PsMuxer(org.vistruct.gb28181.media.PsDemuxer.H264);
                            rtp = new org.vistruct.gb28181.media.RtpPacketizer(packetsFor, 1400, 1000);
                        }
                        GbStreamSender.AccessUnit au = aus.get(i);
                        long pts = i * 3600L; // 25 fps
                        for (byte[] p : rtp.packets(mux.frame(au.data(), au.keyframe(), pts), pts)) s.send(new DatagramPacket(p, p.length, where));
                        framesSent++;
                        i++; // the camera's clock runs on: after a move the new receiver gets what the camera shows then
                    }
                    next += 40_000_000L;
                    long wait = next - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5000);
        }
    }

    @Test
    void channelsSpreadOverNodesAndMoveWhenAnalysisOrSignallingNodesDie() throws Exception {
        assumeTrue(System.getenv("VISTRUCT_METADATA_URL") != null, "needs a shared PostgreSQL: run under bin/with-postgres");
        assumeTrue(Files.isExecutable(SIPP), "needs sipp (apt-get install sip-tester)");
        Path work = Files.createTempDirectory("vistruct-cluster-live");
        for (String f : List.of("device-live.xml", "device-queries.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/sipp/" + f)) {
                Files.copy(in, work.resolve(f));
            }
        }
        List<GbStreamSender.AccessUnit> once = GbStreamSender.accessUnits(SHARED.resolve("media/video/plates_slideshow_h264.mp4"), false, work);
        List<GbStreamSender.AccessUnit> looped = new ArrayList<>();
        for (int k = 0; k < 5; k++) looped.addAll(once); // 160 s of a camera, timestamps running on
        String tag = "cs" + Long.toHexString(System.nanoTime() & 0xffffffL);
        List<Process> cameras = new ArrayList<>();
        List<Camera> media = new ArrayList<>();
        try (OpenSearchTestCluster opensearch = OpenSearchTestCluster.start(work.resolve("opensearch"), 2);
             S3MockServer s3 = S3MockServer.start(work.resolve("s3"))) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "VISTRUCT_METADATA_SCHEMA", tag, "VISTRUCT_INDEX_BACKEND", "opensearch", "VISTRUCT_OPENSEARCH_URLS", String.join(",", opensearch.urls()),
                    "VISTRUCT_OPENSEARCH_INDEX_PREFIX", tag, "VISTRUCT_STORAGE_MODE", "s3", "VISTRUCT_STORAGE_ENDPOINT", s3.endpoint(),
                    "VISTRUCT_STORAGE_ACCESS_KEY", "any", "VISTRUCT_STORAGE_SECRET_KEY", "anysecret", "VISTRUCT_SHARED", SHARED.toString()));
            env.putAll(Map.of("VISTRUCT_CLUSTER_HEARTBEAT_MS", "500", "VISTRUCT_CLUSTER_DEAD_AFTER_MS", "3000", "VISTRUCT_GB28181_ENABLED", "true",
                    "VISTRUCT_GB28181_CLUSTER", "true", "VISTRUCT_GB28181_BIND", "127.0.0.1", "VISTRUCT_GB28181_MEDIA_IP", "127.0.0.1",
                    "VISTRUCT_GB28181_NO_MEDIA_TIMEOUT_S", "4", "VISTRUCT_ANALYSIS_FACES", "false", "VISTRUCT_ANALYSIS_PERSONS", "false"));
            env.put("VISTRUCT_LOG_LEVEL", "INFO"); // placements, role changes and BYEs in the nodes' logs
            Map<String, ServerProcess> nodes = new LinkedHashMap<>();
            Map<String, Integer> sipPorts = new HashMap<>();
            try {
                for (String n : List.of("node-a", "node-b", "node-c")) {
                    Map<String, String> mine = new HashMap<>(env);
                    mine.put("VISTRUCT_CLUSTER_NODE_ID", n);
                    int sip = freeUdpPort();
                    sipPorts.put(n, sip);
                    mine.put("VISTRUCT_GB28181_PORT", Integer.toString(sip)); // each node's own SIP address, bound while it holds the role
                    nodes.put(n, ServerProcess.start(work, work.resolve("data-" + n), mine, n + ".log"));
                }
                String token = nodes.get("node-a").firstAdminToken();
                Map<String, ApiClient> api = new LinkedHashMap<>();
                nodes.forEach((n, p) -> api.put(n, new ApiClient(p.base(), token)));
                String signaller = awaitValue(() -> api.get("node-b").json("/api/v1/cluster").path("signalling").asText(null), 20, "a node takes the signalling role");
                assertEquals("node-a", signaller, "the first node up holds the role");
                for (String d : DEVICES) cameras.add(LiveChannelAcceptanceTest.camera(work, d, sipPorts.get(signaller), "40000", "RTP/AVP", "passive"));
                for (String d : DEVICES) {
                    await(() -> api.get(signaller).json("/api/v1/devices").findValuesAsText("id").contains(d), 20, d + " registers");
                }
                // every node hears each record acknowledged where it was written (a browser per node)
                Map<String, Map<String, JsonNode>> acked = new ConcurrentHashMap<>();
                List<Thread> follows = new ArrayList<>();
                api.forEach((n, c) -> follows.add(c.events("/api/v1/records/stream", r -> ClusterRecords.note(acked.computeIfAbsent(n, k -> new ConcurrentHashMap<>()), r))));
                for (String d : DEVICES) {
                    ApiClient.Answer a = api.get("node-b").post("/api/v1/devices/" + d + "/channels/" + channel(d) + "/live?transport=UDP", Map.of());
                    assertEquals(202, a.status(), a.text());
                }
                for (int i = 0; i < DEVICES.size(); i++) media.add(new Camera(looped, i * 150)); // each camera at another point of the slideshow
                Map<String, String> placed = awaitValue(() -> {
                    Map<String, String> where = steer(api, media);
                    return where.values().stream().filter(v -> v.endsWith("streaming")).count() == DEVICES.size() ? where : null;
                }, 60, "all three channels stream");
                System.out.println("cluster live: channels placed " + placed);
                assertEquals(3, placed.values().stream().map(v -> v.split(" ")[0]).distinct().count(), "one channel per node: " + placed);
                awaitValue(() -> {
                    steer(api, media);
                    return recordsOnEach(api, 3) ? true : null;
                }, 90, "each node writes 3 records of its channel");

                // an analysis node dies: its channel is re-invited to another node
                String victim = placed.entrySet().stream().filter(e -> !e.getValue().startsWith(signaller)).findFirst().orElseThrow().getValue().split(" ")[0];
                String moving = placed.entrySet().stream().filter(e -> e.getValue().startsWith(victim + " ")).findFirst().orElseThrow().getKey();
                Map<String, JsonNode> ackedByVictim = written(acked.get(victim), channel(moving));
                nodes.get(victim).kill();
                api.remove(victim);
                long killed = System.currentTimeMillis();
                Map<String, String> after = awaitValue(() -> {
                    Map<String, String> where = steer(api, media);
                    String w = where.get(moving);
                    return w != null && !w.startsWith(victim + " ") && w.endsWith("streaming") ? where : null;
                }, 60, "the channel of the killed analysis node streams on another node");
                double analysisTakeover = (System.currentTimeMillis() - killed) / 1000.0;
                System.out.printf("cluster live: %s killed (kill -9) with %d records acknowledged; its channel %s streams on %s %.1f s later (dead after 3 s)%n",
                        victim, ackedByVictim.size(), moving, after.get(moving).split(" ")[0], analysisTakeover);

                // the signalling node dies: another takes the role, binds its SIP address; the cameras register there
                String steady = after.entrySet().stream().filter(e -> !e.getValue().startsWith(signaller + " ")).findFirst().orElseThrow().getKey();
                String steadyNode = after.get(steady).split(" ")[0];
                JsonNode steadyBefore = stream(api.get(steadyNode), steady);
                Map<String, JsonNode> ackedBySignaller = new HashMap<>();
                after.forEach((d, w) -> {
                    if (w.startsWith(signaller + " ")) ackedBySignaller.putAll(written(acked.get(signaller), channel(d)));
                });
                nodes.get(signaller).kill();
                api.remove(signaller);
                long killed2 = System.currentTimeMillis();
                String survivor = api.keySet().iterator().next();
                String taker = awaitValue(() -> {
                    steer(api, media);
                    String s = api.get(survivor).json("/api/v1/cluster").path("signalling").asText(null);
                    return s != null && !s.equals(signaller) ? s : null;
                }, 30, "another node takes the signalling role");
                double roleTakeover = (System.currentTimeMillis() - killed2) / 1000.0;
                for (Process c : cameras) c.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                cameras.clear();
                for (String d : DEVICES) cameras.add(LiveChannelAcceptanceTest.camera(work, d, sipPorts.get(taker), "40000", "RTP/AVP", "passive"));
                Map<String, String> end = awaitValue(() -> {
                    Map<String, String> where = steer(api, media);
                    return where.size() == DEVICES.size() && where.values().stream().allMatch(v -> v.equals(survivor + " streaming")) ? where : null;
                }, 90, "every channel streams on the last node");
                double allBack = (System.currentTimeMillis() - killed2) / 1000.0;
                Thread.sleep(6000); // a few photos more on every channel
                steer(api, media);
                JsonNode steadyAfter = stream(api.get(steadyNode), steady);
                System.out.printf("cluster live: signalling node %s killed; %s holds the role %.1f s later (SIP on its own address), cameras registered again, "
                        + "all %d channels stream on %s %.1f s after the kill; channel %s kept streaming on %s (frames analysed %d -> %d, shed %d, retries %d -> %d)%n",
                        signaller, taker, roleTakeover, DEVICES.size(), survivor, allBack, steady, steadyNode, steadyBefore.path("framesAnalysed").asLong(),
                        steadyAfter.path("framesAnalysed").asLong(), steadyAfter.path("framesShed").asLong(), steadyBefore.path("retries").asInt(),
                        steadyAfter.path("retries").asInt());
                assertEquals(survivor, taker);
                assertEquals(steadyBefore.path("retries").asInt(), steadyAfter.path("retries").asInt(), "the channel that did not move was not re-invited");
                // at least a few frames analysed: on 2 cores, with three channels on one node, an overloaded node sheds frames by design
                assertTrue(steadyAfter.path("framesAnalysed").asLong() > steadyBefore.path("framesAnalysed").asLong() + 10, "and kept being analysed");

                for (Camera m : media) m.close();
                Thread.sleep(1000);
                ApiClient last = api.get(survivor);
                // what the killed nodes acknowledged is there; no vehicle of one camera recorded twice
                int lost = 0, killedAcked = 0;
                for (Map<String, JsonNode> seen : List.of(ackedByVictim, ackedBySignaller)) {
                    for (var e : seen.entrySet()) {
                        if (e.getValue().path("Provisional").asBoolean(false)) continue;
                        killedAcked++;
                        if (last.get("/api/v1/records/" + e.getKey()).status() != 200) {
                            lost++;
                            System.out.println("LOST: " + e.getKey());
                        }
                    }
                }
                List<JsonNode> all = new ArrayList<>();
                last.json("/api/v1/records?limit=1000").path("records").forEach(all::add);
                int twice = ClusterRecords.writtenTwice(all);
                Map<String, Long> perDevice = new java.util.TreeMap<>();
                for (JsonNode r : all) perDevice.merge(r.path("DeviceID").asText(), 1L, Long::sum);
                JsonNode cluster = last.json("/api/v1/cluster");
                System.out.printf("cluster live: %d records (by camera %s); %d final records acknowledged by the killed nodes, lost %d; recorded twice %d; "
                        + "cluster: signalling %s, alive %d, dead %d%n", all.size(), perDevice, killedAcked, lost, twice, cluster.path("signalling").asText(),
                        ClusterRecords.nodes(cluster, true), ClusterRecords.nodes(cluster, false));
                assertTrue(killedAcked > 0, "the killed nodes acknowledged records before they died");
                assertEquals(0, lost, "acknowledged records lost");
                assertEquals(0, twice, "vehicles recorded twice by one camera");
                assertEquals(DEVICES.size(), perDevice.size(), "every camera's channel was analysed");
                assertEquals(1, ClusterRecords.nodes(cluster, true));
                assertEquals(2, ClusterRecords.nodes(cluster, false));
                follows.forEach(Thread::interrupt);
            } finally {
                for (Camera m : media) m.close();
                for (Process c : cameras) c.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                for (ServerProcess n : nodes.values()) n.close();
            }
        }
    }

    /**
     * Points each camera at its channel's current receiver, as the INVITE told the camera; returns,
     * per channel (by device), "node state" of the node that runs it.
     */
    private static Map<String, String> steer(Map<String, ApiClient> api, List<Camera> media) throws Exception {
        Map<String, String> where = new LinkedHashMap<>();
        for (ApiClient c : api.values()) {
            for (JsonNode s : c.json("/api/v1/streams").path("streams")) {
                if (s.path("state").asText().equals("elsewhere") || s.path("state").asText().equals("placing")) continue;
                int i = DEVICES.indexOf(s.path("deviceId").asText());
                if (i < 0) continue;
                where.put(s.path("deviceId").asText(), s.path("node").asText() + " " + s.path("state").asText());
                if (s.path("mediaPort").asInt() > 0 && s.hasNonNull("ssrc")) media.get(i).target(s.path("mediaPort").asInt(), Long.parseLong(s.path("ssrc").asText()));
            }
        }
        return where;
    }

    private static JsonNode stream(ApiClient node, String device) throws Exception {
        for (JsonNode s : node.json("/api/v1/streams").path("streams")) if (s.path("deviceId").asText().equals(device) && s.has("framesAnalysed")) return s;
        throw new AssertionError("no stream of " + device + " on " + node.base());
    }

    private static boolean recordsOnEach(Map<String, ApiClient> api, int least) throws Exception {
        for (ApiClient c : api.values()) {
            boolean enough = false;
            for (JsonNode s : c.json("/api/v1/streams").path("streams")) enough |= s.path("records").asInt() >= least;
            if (!enough) return false;
        }
        return true;
    }


    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T awaitValue(Probe<T> probe, int seconds, String what) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                T v = probe.get();
                if (v != null) return v;
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception x ? x : new Exception(e);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + seconds + " s: " + what + (last == null ? "" : " (" + last + ")"));
    }

    private static void await(Probe<Boolean> probe, int seconds, String what) throws Exception {
        awaitValue(() -> probe.get() ? true : null, seconds, what);
    }

    /** The records of a channel among those a node's stream showed (a node's stream relays the other nodes' records too). */
    private static Map<String, JsonNode> written(Map<String, JsonNode> seen, String channel) {
        Map<String, JsonNode> out = new HashMap<>();
        if (seen != null) seen.forEach((id, r) -> {
            if (r.path("DeviceID").asText().equals(channel)) out.put(id, r);
        });
        return out;
    }

}
