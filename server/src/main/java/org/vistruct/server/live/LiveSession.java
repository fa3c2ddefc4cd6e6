package org.vistruct.server.live;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.Pass;
import org.vistruct.analyzer.StreamAnalyzer;
import org.vistruct.core.StreamPipe;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.VideoFileSource;
import org.vistruct.gb28181.device.MediaOffer;
import org.vistruct.gb28181.media.LiveVideo;
import org.vistruct.gb28181.media.RtpReceiver;
import org.vistruct.server.RecordSink;

/**
 * One channel analysed live: receiver, INVITE, wait for media, decode, analyse, write records
 * under the channel's DeviceID; on a drop (no media for a while, a refused INVITE, the device gone)
 * it tells why, and when continuous tries again with backoff (1 s doubling to 60 s).
 */
public final class LiveSession {
    private static final Logger log = LoggerFactory.getLogger(LiveSession.class);

    public enum State { STARTING, STREAMING, RETRYING, STOPPED }

    /** What every session shares. */
    public record Context(EventLoopGroup loop, String mediaIp, long noMediaMs, long maxLagMs, Supplier<AnalysisModels> models,
                          AnalyzerSettings settings, DecodeOptions decode, RecordSink sink) {}

    private final Context ctx;
    private final ChannelSignalling signalling;
    private final String deviceId, channelId, transport;
    private final boolean continuous;
    /** A recording to play back (epoch seconds), or null for live. */
    private final Playback playback;

    /** The time range of a recording to analyse, epoch seconds. */
    public record Playback(long start, long end) {}
    private final Thread thread;
    private volatile State state = State.STARTING;
    private volatile String error, ssrc;
    private volatile int mediaPort, retries;
    private volatile LiveVideo video;
    private volatile long framesAnalysed, framesShed, framesGated, records, startedMs, bytesAtStart;
    private volatile boolean stopped;
    /** Wakes the backoff wait when the session is stopped (interrupting would cut a picture upload short). */
    private final java.util.concurrent.Semaphore wakeups = new java.util.concurrent.Semaphore(0);
    private volatile String callId;
    /** Where the session runs in a cluster (the placement it runs under), or 0 alone. */
    private final long epoch;
    private volatile boolean hungUp;

    public LiveSession(Context ctx, ChannelSignalling signalling, String deviceId, String channelId, String transport, boolean continuous) {
        this(ctx, signalling, deviceId, channelId, transport, continuous, null, 0);
    }

    public LiveSession(Context ctx, ChannelSignalling signalling, String deviceId, String channelId, String transport, boolean continuous, Playback playback,
                       long epoch) {
        this.playback = playback;
        this.signalling = signalling;
        this.epoch = epoch;
        if (!List.of("UDP", "TCP_PASSIVE", "TCP_ACTIVE").contains(transport)) throw new IllegalArgumentException("transport must be UDP, TCP_PASSIVE or TCP_ACTIVE");
        this.ctx = ctx;
        this.deviceId = deviceId;
        this.channelId = channelId;
        this.transport = transport;
        this.continuous = continuous;
        this.thread = Thread.ofPlatform().name("live-" + channelId).daemon().start(this::run);
    }

    private void run() {
        long backoff = 1000;
        try (AnalysisModels models = ctx.models().get()) {
            while (!stopped) {
                long began = System.currentTimeMillis();
                try {
                    once(models);
                } catch (InterruptedException e) {
                    break;
                } catch (Exception e) {
                    error = e.getMessage() == null ? e.toString() : e.getMessage();
                    if (!stopped) log.warn("live {}/{}: {}", deviceId, channelId, error);
                }
                if (stopped || !continuous) break;
                if (System.currentTimeMillis() - began > 60_000) backoff = 1000; // it streamed for a while: start the backoff over
                state = State.RETRYING;
                retries++;
                sleep(backoff);
                backoff = Math.min(60_000, backoff * 2);
            }
        } finally {
            state = State.STOPPED;
        }
    }

    private void once(AnalysisModels models) throws Exception {
        state = State.STARTING;
        String unavailable = signalling.unavailable(deviceId);
        if (unavailable != null) throw new IllegalStateException(unavailable);
        String mediaIp = ctx.mediaIp().equals("auto") ? signalling.mediaIpTowards(deviceId) : ctx.mediaIp();
        String allocated = signalling.ssrcs().allocate(playback != null);
        ssrc = allocated;
        StreamPipe pipe = new StreamPipe(16 << 20, ctx.noMediaMs());
        LiveVideo v = new LiveVideo(Long.parseLong(allocated), pipe);
        video = v;
        RtpReceiver receiver = transport.equals("UDP") ? RtpReceiver.udp(ctx.loop(), mediaIp, 0, v)
                : transport.equals("TCP_PASSIVE") ? RtpReceiver.tcpPassive(ctx.loop(), mediaIp, 0, v) : null;
        ChannelSignalling.Answer dialog = null;
        try {
            mediaPort = receiver != null ? receiver.port() : 0;
            MediaOffer offer = playback == null ? new MediaOffer(mediaIp, mediaPort, transport, allocated)
                    : new MediaOffer(mediaIp, mediaPort, transport, allocated, "Playback", playback.start(), playback.end(), channelId);
            dialog = signalling.invite(deviceId, channelId, offer).get(45, TimeUnit.SECONDS);
            ssrc = dialog.ssrc();
            callId = dialog.callId();
            hungUp = false;
            v.rtp().expectSsrc(Long.parseLong(dialog.ssrc()));
            if (receiver == null) {
                receiver = RtpReceiver.tcpActive(ctx.loop(), new InetSocketAddress(dialog.deviceMediaIp(), dialog.deviceMediaPort()), v, 5000);
            }
            long deadline = System.currentTimeMillis() + ctx.noMediaMs();
            while (v.framesDelivered() == 0 && System.currentTimeMillis() < deadline && !stopped) Thread.sleep(20);
            if (v.framesDelivered() == 0 && !stopped) {
                throw new IllegalStateException(String.format("no media from %s to %s:%d within %d s (%d RTP packets arrived, %d with another SSRC)",
                        deviceId, mediaIp, mediaPort, ctx.noMediaMs() / 1000, v.rtp().packets(), v.rtp().wrongSsrc()));
            }
            state = State.STREAMING;
            error = null;
            startedMs = System.currentTimeMillis();
            records = 0; // this dialog's, like every other counter of the view
            bytesAtStart = v.rtp().bytes();
            log.info("live {}/{}: streaming {} over {} (ssrc {})", deviceId, channelId, v.codec(), transport, ssrc);
            String source = "gb28181://" + deviceId + "/" + channelId + (playback == null ? "" : "?playback=" + playback.start() + "-" + playback.end());
            // frames carry the media's time from the first frame's arrival; a recording is analysed with its own
            // time: records carry when the vehicle passed, not when it was replayed
            long startWall = playback == null ? v.firstArrivalMs() : playback.start() * 1000;
            // a recording may be sent faster than real time: only a live stream is shed when behind
            org.vistruct.decoder.LiveTiming timing = new org.vistruct.decoder.LiveTiming() {
                @Override
                public long arrivalNanos(long mediaUs) { return playback == null ? v.arrivalNanos(mediaUs) : -1; }

                @Override
                public long maxLagMs() { return ctx.maxLagMs(); }
            };
            framesShed = 0;
            framesGated = 0;
            try (VideoFileSource src = VideoFileSource.live(pipe, source, ctx.decode(), startWall, timing, v.codec());
                 StreamAnalyzer analyzer = new StreamAnalyzer(models, ctx.settings(), false, channelId, ctx.sink().ids())) {
                for (DecodedFrame f; !stopped && (f = src.next()) != null; ) {
                    write(analyzer.accept(f), source);
                    framesAnalysed = analyzer.framesAnalysed();
                    framesShed = src.framesShed();
                    framesGated = analyzer.framesGated();
                }
                write(analyzer.flush(), source);
            }
            if (hungUp && !stopped) {
                dialog = null; // the device ended the dialog: no BYE back
                throw new IllegalStateException("device " + deviceId + " ended the stream of channel " + channelId + " (BYE)");
            }
            if (playback != null) {
                log.info("playback {}/{} {}-{} ended: {} frames analysed, {} records", deviceId, channelId, playback.start(), playback.end(), framesAnalysed, records);
                stopped = true;
            } else if (!stopped) {
                throw new IllegalStateException("stream from " + deviceId + " channel " + channelId + " stopped: no media for " + ctx.noMediaMs() / 1000 + " s");
            }
        } finally {
            if (dialog != null) signalling.bye(dialog);
            if (receiver != null) receiver.close();
            pipe.close();
            signalling.ssrcs().release(allocated);
        }
    }

    private void write(List<Pass> passes, String source) throws java.io.IOException {
        for (Pass p : passes) {
            ctx.sink().write(p, channelId, source);
            if (!p.provisional()) records++;
        }
    }

    private void sleep(long ms) {
        try {
            wakeups.drainPermits();
            wakeups.tryAcquire(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the stream: the decoder sees the end of its pipe, the records of the open tracks are written, then BYE. */
    public void stop() {
        stopped = true;
        wakeups.release();
        LiveVideo v = video;
        if (v != null) v.end();
    }

    /** Waits until the session's thread has written its open tracks and ended; false if it did not within the time. */
    public boolean awaitStopped(long ms) throws InterruptedException {
        thread.join(ms);
        return !thread.isAlive();
    }

    /** The device sent BYE for this session's dialog: the stream ends now, not after the no-media timeout. */
    public void hungUp(String endedCallId) {
        if (!endedCallId.equals(callId)) return;
        hungUp = true;
        LiveVideo v = video;
        if (v != null) v.end();
    }

    /** The device came (back) online: a session waiting to retry tries now. */
    public void wake() { wakeups.release(); }

    /** The device said the recording ended (MediaStatus 121): finish like at the end of a file. */
    public void mediaEnded() {
        LiveVideo v = video;
        if (playback != null && v != null) v.end();
    }

    public String deviceId() { return deviceId; }

    public String channelId() { return channelId; }

    /** The placement this session runs under in a cluster (0 on a node alone). */
    public long epoch() { return epoch; }

    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", deviceId);
        m.put("channelId", channelId);
        m.put("transport", transport);
        m.put("continuous", continuous);
        if (playback != null) m.put("playback", Map.of("start", playback.start(), "end", playback.end()));
        m.put("state", state.name().toLowerCase());
        m.put("ssrc", ssrc);
        m.put("mediaPort", mediaPort);
        LiveVideo v = video;
        if (v != null) {
            m.put("packets", v.rtp().packets());
            m.put("lost", v.rtp().lost());
            m.put("reordered", v.rtp().reordered());
            m.put("wrongSsrc", v.rtp().wrongSsrc());
            long seconds = Math.max(1, (System.currentTimeMillis() - startedMs) / 1000);
            m.put("bitrateKbps", startedMs == 0 ? 0 : (v.rtp().bytes() - bytesAtStart) * 8 / 1000 / seconds);
            m.put("framesReceived", v.framesDelivered());
            m.put("framesDropped", v.framesDropped());
            m.put("psErrors", v.ps().errors());
            m.put("lastMediaMs", v.lastMediaMs());
        }
        m.put("framesAnalysed", framesAnalysed);
        m.put("framesShed", framesShed);
        m.put("framesGated", framesGated);
        m.put("records", records);
        m.put("retries", retries);
        if (error != null) m.put("error", error);
        return m;
    }

    public State state() { return state; }
}
