package org.vistruct.server.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.cluster.NodeHeartbeat;
import org.vistruct.gb28181.device.Gb28181Service;
import org.vistruct.gb28181.device.SsrcAllocator;
import org.vistruct.metadata.LeaseTable;
import org.vistruct.metadata.LiveStreamTable;
import org.vistruct.metadata.LiveStreamTable.StreamRow;

/**
 * Live channels shared by a cluster (gb28181.cluster = true). The wanted channels are rows in the
 * database; each node runs the sessions of the rows placed on it, with its own receivers, and asks
 * for their media through the rows. One node at a time holds the signalling role (a lease renewed at
 * every heartbeat): it binds the SIP address (its own gb28181.bind:port: a floating address, DNS, or
 * on one machine a second address that devices are pointed at), places channels by load and sends
 * the INVITEs and BYEs ({@link ClusterSignaller}). A node that dies stops renewing: its channels go
 * to the other nodes, or its role to another node, once its heartbeat is older than dead-after.
 */
public final class ClusterStreams implements LiveChannels {
    private static final Logger log = LoggerFactory.getLogger(ClusterStreams.class);
    public static final String ROLE = "gb28181-signalling";
    private static final long TICK_MS = 250;

    private final LiveStreams local;
    private final LiveStreamTable table;
    private final LeaseTable leases;
    private final NodeHeartbeat heartbeat;
    private final Callable<Gb28181Service> sipFactory;
    private final SsrcAllocator ssrcs;
    private final long roleTtlMs, renewMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cluster-streams").daemon().factory());
    private volatile Gb28181Service sip;
    private volatile ClusterSignaller signaller;
    private long renewed, lastHeld;
    private final Map<String, String> hungUpSeen = new HashMap<>();
    private final Map<String, Long> wakeSeen = new HashMap<>();
    private volatile String lastFailure;

    /**
     * @param sipFactory binds this node's SIP address when it takes the signalling role
     * @param roleTtlMs  how long the role outlives its holder's last renewal (dead-after)
     * @param renewMs    how often the holder renews it (the heartbeat)
     */
    public ClusterStreams(LiveSession.Context ctx, LiveStreamTable table, LeaseTable leases, NodeHeartbeat heartbeat, Callable<Gb28181Service> sipFactory,
                          String domain, long roleTtlMs, long renewMs) {
        this.local = new LiveStreams(ctx, null);
        this.table = table;
        this.leases = leases;
        this.heartbeat = heartbeat;
        this.sipFactory = sipFactory;
        this.ssrcs = new SsrcAllocator(domain);
        this.roleTtlMs = roleTtlMs;
        this.renewMs = renewMs;
        timer.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** The SIP service while this node holds the signalling role, else null. */
    public Gb28181Service sip() { return sip; }

    private void tick() {
        try {
            holdRole();
            ClusterSignaller s = signaller;
            if (s != null) s.tick();
            follow(table.placedOn(heartbeat.nodeId()));
            if (lastFailure != null) log.warn("node {}: live channels followed again", heartbeat.nodeId());
            lastFailure = null;
        } catch (IOException | RuntimeException e) {
            if (lastFailure == null) log.error("node {}: live channels not followed ({}); tried again every {} ms", heartbeat.nodeId(), e.getMessage(), TICK_MS);
            lastFailure = String.valueOf(e.getMessage());
        }
    }

    /** Takes or renews the signalling role once a heartbeat period; binds SIP on taking it, lets it go when another node has it. */
    private void holdRole() throws IOException {
        long now = System.currentTimeMillis();
        if (now - renewed < renewMs) return;
        boolean held;
        try {
            held = leases.hold(ROLE, heartbeat.nodeId(), roleTtlMs);
        } catch (IOException e) {
            // no database: keep the role while the lease lasts (nobody can take it before it expires), then stop signalling
            if (signaller != null && now - lastHeld > roleTtlMs) giveUpRole("the lease expired without a database to renew it");
            throw e;
        }
        renewed = now;
        if (held) {
            lastHeld = now;
            if (signaller == null) takeRole();
        } else if (signaller != null) {
            giveUpRole("node " + leases.holder(ROLE) + " holds it");
        }
    }

    private void takeRole() throws IOException {
        Gb28181Service s;
        try {
            s = sipFactory.call();
        } catch (Exception e) {
            leases.release(ROLE, heartbeat.nodeId()); // let a node that can bind its address take it
            renewed = System.currentTimeMillis() + roleTtlMs; // and do not take it back at once
            log.error("node {}: cannot take the GB/T 28181 signalling role: {}", heartbeat.nodeId(), e.getMessage());
            return;
        }
        ClusterSignaller cs = new ClusterSignaller(s, table, heartbeat);
        LocalSignalling playbacks = new LocalSignalling(s); // recordings are played back on the node that signals
        s.onDialogEnded(callId -> {
            playbacks.forget(callId);
            cs.hungUp(callId);
            local.hungUp(callId);
        });
        s.onOnline(cs::online);
        s.onMediaEnded(local::mediaEnded);
        local.signalHere(playbacks);
        this.sip = s;
        this.signaller = cs;
        log.info("node {} holds the GB/T 28181 signalling role (SIP on port {})", heartbeat.nodeId(), s.port());
    }

    private void giveUpRole(String why) {
        log.warn("node {} gives up the GB/T 28181 signalling role: {}", heartbeat.nodeId(), why);
        signaller = null;
        local.signalHere(null);
        Gb28181Service s = sip;
        sip = null;
        if (s != null) s.close();
    }

    /** Runs the sessions of the channels placed here, stops those placed elsewhere or no longer wanted, and passes on BYEs and wake-ups. */
    private void follow(List<StreamRow> placedHere) {
        String self = heartbeat.nodeId();
        Map<String, StreamRow> mine = new HashMap<>();
        for (StreamRow r : placedHere) mine.put(r.key(), r);
        for (LiveSession s : List.copyOf(local.sessions())) {
            if (s.epoch() == 0) continue; // a playback
            StreamRow r = mine.get(LiveStreamTable.key(s.deviceId(), s.channelId()));
            if (r == null || r.epoch() != s.epoch()) {
                log.info("live channel {}/{} no longer runs on node {}", s.deviceId(), s.channelId(), self);
                local.stop(s.deviceId(), s.channelId());
            }
        }
        for (StreamRow r : mine.values()) {
            LiveSession s = local.runPlaced(r.deviceId(), r.channelId(), r.transport(), r.epoch(),
                    () -> new RemoteSignalling(table, r.key(), self, r.epoch(), ssrcs));
            if (r.hungUp() != null && !r.hungUp().equals(hungUpSeen.put(r.key(), r.hungUp()))) s.hungUp(r.hungUp());
            Long before = wakeSeen.put(r.key(), r.wake());
            if (before != null && before != r.wake()) s.wake();
        }
    }

    @Override
    public Map<String, Object> start(String deviceId, String channelId, String transport, boolean continuous) {
        if (!continuous) throw new IllegalArgumentException("in a cluster live channels are continuous (they move to another node when theirs dies)");
        if (!List.of("UDP", "TCP_PASSIVE", "TCP_ACTIVE").contains(transport)) throw new IllegalArgumentException("transport must be UDP, TCP_PASSIVE or TCP_ACTIVE");
        try {
            table.want(deviceId, channelId, transport);
            StreamRow r = table.get(LiveStreamTable.key(deviceId, channelId));
            return r == null ? Map.of("deviceId", deviceId, "channelId", channelId, "state", "placing") : view(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the metadata database is away: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean stop(String deviceId, String channelId) {
        try {
            return table.unwant(deviceId, channelId);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the metadata database is away: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> playback(String deviceId, String channelId, String transport, long start, long end) {
        return local.playback(deviceId, channelId, transport, start, end);
    }

    /** The channels of the whole cluster (read when asked): this node's with their counters, the others' with their node. */
    @Override
    public List<Map<String, Object>> views() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        try {
            for (StreamRow r : table.all()) out.put(r.key(), view(r));
        } catch (IOException e) {
            log.warn("live channels of the other nodes not listed (database away: {})", e.getMessage());
        }
        for (Map<String, Object> v : local.views()) {
            Map<String, Object> m = new LinkedHashMap<>(v);
            m.put("node", heartbeat.nodeId());
            out.put(v.get("deviceId") + "/" + v.get("channelId") + (v.containsKey("playback") ? "@" + v.get("playback") : ""), m);
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public List<Map<String, Object>> localViews() { return local.views(); }

    private static Map<String, Object> view(StreamRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", r.deviceId());
        m.put("channelId", r.channelId());
        m.put("transport", r.transport());
        m.put("continuous", true);
        m.put("state", r.nodeId() == null ? "placing" : "elsewhere");
        m.put("node", r.nodeId());
        return m;
    }

    @Override
    public int running() { return local.running(); }

    /**
     * An orderly stop: this node's channels are set free at once (other nodes take them at the next
     * placement, not after dead-after), its sessions write their open tracks, and the role is given
     * up; the dialogs it holds stay in the rows for the next holder to adopt or end.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            for (StreamRow r : table.all()) if (heartbeat.nodeId().equals(r.nodeId())) table.place(r.key(), r.epoch(), null);
        } catch (IOException e) {
            log.warn("node {}: its live channels move after dead-after (database away: {})", heartbeat.nodeId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        local.close();
        if (signaller != null) {
            signaller = null;
            Gb28181Service s = sip;
            sip = null;
            try {
                leases.release(ROLE, heartbeat.nodeId());
            } catch (IOException e) {
                // another node takes the role when the lease expires
            }
            if (s != null) s.close();
        }
    }
}
