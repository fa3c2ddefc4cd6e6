package org.vistruct.server.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vistruct.gb28181.device.Gb28181Service;

/** The channels being analysed live on this node, by device/channel; started on demand or from configuration. */
public final class LiveStreams implements LiveChannels {
    private final LiveSession.Context ctx;
    /** The SIP service on this node, or null while this node has none (another node of the cluster signals). */
    private volatile LocalSignalling local;
    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    /** Stopped through the API but perhaps still writing the records of their open tracks: waited for on close. */
    private final java.util.Set<LiveSession> stopping = ConcurrentHashMap.newKeySet();

    public LiveStreams(LiveSession.Context ctx, Gb28181Service sip) {
        this.ctx = ctx;
        if (sip != null) {
            LocalSignalling l = new LocalSignalling(sip);
            sip.onMediaEnded(this::mediaEnded);
            sip.onDialogEnded(callId -> {
                l.forget(callId);
                hungUp(callId);
            });
            sip.onOnline(device -> sessions.values().stream().filter(s -> s.deviceId().equals(device)).forEach(LiveSession::wake));
            this.local = l;
        }
    }

    /** This node's SIP service signals for the sessions started here from now on (null: none does). */
    void signalHere(LocalSignalling l) { this.local = l; }

    /** A device ended dialog {@code callId} with BYE. */
    void hungUp(String callId) { sessions.values().forEach(s -> s.hungUp(callId)); }

    /** A device said its recording ended (MediaStatus 121). */
    void mediaEnded(String deviceId) { sessions.values().stream().filter(s -> s.deviceId().equals(deviceId)).forEach(LiveSession::mediaEnded); }

    private LocalSignalling local() {
        LocalSignalling l = local;
        if (l == null) throw new IllegalStateException("this node does not hold the GB/T 28181 signalling role");
        return l;
    }

    @Override
    public Map<String, Object> playback(String deviceId, String channelId, String transport, long start, long end) {
        if (end <= start) throw new IllegalArgumentException("the playback range ends before it starts");
        LiveSession s = new LiveSession(ctx, local(), deviceId, channelId, transport, false, new LiveSession.Playback(start, end), 0);
        sessions.put(deviceId + "/" + channelId + "@" + start + "-" + end, s);
        return s.view();
    }

    @Override
    public Map<String, Object> start(String deviceId, String channelId, String transport, boolean continuous) {
        ChannelSignalling signalling = local();
        return sessions.compute(deviceId + "/" + channelId, (k, old) -> {
            if (old != null && old.state() != LiveSession.State.STOPPED) return old;
            return new LiveSession(ctx, signalling, deviceId, channelId, transport, continuous);
        }).view();
    }

    /** Runs a channel the cluster placed here under placement {@code epoch}; a session of an older placement is stopped first. */
    LiveSession runPlaced(String deviceId, String channelId, String transport, long epoch, java.util.function.Supplier<ChannelSignalling> signalling) {
        return sessions.compute(deviceId + "/" + channelId, (k, old) -> {
            if (old != null && old.epoch() == epoch && old.state() != LiveSession.State.STOPPED) return old;
            if (old != null) retire(old);
            return new LiveSession(ctx, signalling.get(), deviceId, channelId, transport, true, null, epoch);
        });
    }

    @Override
    public boolean stop(String deviceId, String channelId) {
        LiveSession s = sessions.remove(deviceId + "/" + channelId);
        if (s != null) retire(s);
        return s != null;
    }

    private void retire(LiveSession s) {
        s.stop();
        stopping.removeIf(old -> old.state() == LiveSession.State.STOPPED);
        stopping.add(s);
    }

    public LiveSession get(String deviceId, String channelId) { return sessions.get(deviceId + "/" + channelId); }

    Collection<LiveSession> sessions() { return sessions.values(); }

    @Override
    public int running() { return sessions.size(); }

    @Override
    public List<Map<String, Object>> views() {
        return sessions.values().stream().map(LiveSession::view)
                .sorted(Comparator.comparing((Map<String, Object> m) -> (String) m.get("deviceId")).thenComparing(m -> (String) m.get("channelId"))).toList();
    }

    /**
     * Stops every stream and waits (up to 20 s in all) until each has written the records of its open
     * tracks, so that they reach the store and the index before these close.
     */
    @Override
    public void close() {
        sessions.values().forEach(LiveSession::stop);
        long deadline = System.currentTimeMillis() + 20_000;
        List<LiveSession> all = new ArrayList<>(sessions.values());
        all.addAll(stopping);
        try {
            for (LiveSession s : all) {
                if (!s.awaitStopped(Math.max(1, deadline - System.currentTimeMillis()))) {
                    org.slf4j.LoggerFactory.getLogger(LiveStreams.class).warn("live stream of device {} did not stop within 20 s; its last records may be spooled", s.deviceId());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
