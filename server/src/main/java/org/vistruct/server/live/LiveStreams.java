package org.vistruct.server.live;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The channels being analysed live, by device/channel; started on demand or from configuration. */
public final class LiveStreams implements AutoCloseable {
    private final LiveSession.Context ctx;
    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    /** Stopped through the API but perhaps still writing the records of their open tracks: waited for on close. */
    private final java.util.Set<LiveSession> stopping = ConcurrentHashMap.newKeySet();

    public LiveStreams(LiveSession.Context ctx) {
        this.ctx = ctx;
        ctx.sip().onMediaEnded(device -> sessions.values().stream().filter(s -> s.deviceId().equals(device)).forEach(LiveSession::mediaEnded));
        ctx.sip().onDialogEnded(callId -> sessions.values().forEach(s -> s.hungUp(callId)));
        ctx.sip().onOnline(device -> sessions.values().stream().filter(s -> s.deviceId().equals(device)).forEach(LiveSession::wake));
    }

    /** Analyses a recording of a channel (once, not continuous). */
    public LiveSession playback(String deviceId, String channelId, String transport, long start, long end) {
        if (end <= start) throw new IllegalArgumentException("the playback range ends before it starts");
        LiveSession s = new LiveSession(ctx, deviceId, channelId, transport, false, new LiveSession.Playback(start, end));
        sessions.put(deviceId + "/" + channelId + "@" + start + "-" + end, s);
        return s;
    }

    /** Starts a channel unless it is already running; returns its session. */
    public LiveSession start(String deviceId, String channelId, String transport, boolean continuous) {
        return sessions.compute(deviceId + "/" + channelId, (k, old) -> {
            if (old != null && old.state() != LiveSession.State.STOPPED) return old;
            return new LiveSession(ctx, deviceId, channelId, transport, continuous);
        });
    }

    public boolean stop(String deviceId, String channelId) {
        LiveSession s = sessions.remove(deviceId + "/" + channelId);
        if (s != null) {
            s.stop();
            stopping.removeIf(old -> old.state() == LiveSession.State.STOPPED);
            stopping.add(s);
        }
        return s != null;
    }

    public LiveSession get(String deviceId, String channelId) { return sessions.get(deviceId + "/" + channelId); }

    public List<Map<String, Object>> views() {
        return sessions.values().stream().map(LiveSession::view)
                .sorted(Comparator.comparing((Map<String, Object> m) -> (String) m.get("deviceId")).thenComparing(m -> (String) m.get("channelId"))).toList();
    }

    @Override
    /**
     * Stops every stream and waits (up to 20 s in all) until each has written the records of its open
     * tracks, so that they reach the store and the index before these close.
     */
    public void close() {
        sessions.values().forEach(LiveSession::stop);
        long deadline = System.currentTimeMillis() + 20_000;
        List<LiveSession> all = new java.util.ArrayList<>(sessions.values());
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
