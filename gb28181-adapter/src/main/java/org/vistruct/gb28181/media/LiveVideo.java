package org.vistruct.gb28181.media;

import java.io.ByteArrayOutputStream;
import org.vistruct.core.StreamPipe;

/**
 * One live channel's media on the receiving side: RTP packets → frames of PS → the video elementary
 * stream, muxed again as clean PS (a PSM on every keyframe, whatever the camera's PS looked like)
 * whose timestamps are the media's: the RTP timestamps, unwrapped, counted from the first frame
 * (plus the decoder's origin), into a {@link StreamPipe} for the decoder. It remembers when each
 * frame arrived, by media time, so that the decoder can tell how late it is. When the decoder falls
 * behind, whole frames are dropped and the stream resumes at the next keyframe, so the decoder never
 * sees a broken reference.
 */
public final class LiveVideo {
    /** Where whole frames of the elementary stream go; false when it cannot take one now. */
    public interface FrameSink {
        boolean offer(byte[] b, int off, int len);
    }

    private final FrameSink sink;
    private final Runnable end;
    private final RtpFrameAssembler rtp;
    private final PsDemuxer ps;
    /** The elementary stream of the frame being taken (read in place: no copy before it is muxed). */
    private final FrameBuffer es = new FrameBuffer();

    private static final class FrameBuffer extends ByteArrayOutputStream {
        FrameBuffer() { super(256 * 1024); }

        byte[] array() { return buf; }
    }
    private volatile int streamType;
    private boolean waitForKeyframe = true;
    private volatile long frames, keyframes, dropped, lastMediaMs, firstArrivalMs;
    private PsMuxer muxer;
    /** The RTP timestamp of the last frame taken and the media time it stands for (90 kHz from the first frame), or -1. */
    private long lastRtpTs = -1, mediaTicks;
    /** When recent frames arrived (System.nanoTime), by media time in µs; the oldest forgotten beyond ARRIVALS. */
    private final java.util.TreeMap<Long, Long> arrivals = new java.util.TreeMap<>();
    private static final int ARRIVALS = 2048;
    /** A jump of the RTP clock larger than this is a discontinuity (a camera's restart), not time that passed. */
    private static final long MAX_STEP_TICKS = 10 * 90_000L;

    /** @param ssrc the SSRC offered (or answered) in the SDP, or -1 to take the first seen */
    public LiveVideo(long ssrc, StreamPipe pipe) {
        this(ssrc, pipe::offer, pipe::close);
    }

    /** @param end called at the end of the stream */
    public LiveVideo(long ssrc, FrameSink sink, Runnable end) {
        this.sink = sink;
        this.end = end;
        this.ps = new PsDemuxer((b, o, l, t, pts) -> {
            es.write(b, o, l);
            if (t != 0) streamType = t;
        });
        this.rtp = new RtpFrameAssembler(ssrc, (frame, ts) -> {
            es.reset();
            ps.feed(frame, 0, frame.length);
            deliver(ts);
        });
    }

    /** One RTP packet as received (UDP payload, or a TCP frame without its length prefix). */
    public synchronized void packet(byte[] p, int off, int len) {
        lastMediaMs = System.currentTimeMillis();
        rtp.packet(p, off, len);
    }

    private void deliver(long rtpTs) {
        if (es.size() == 0) return;
        byte[] bytes = es.array();
        int length = es.size();
        boolean key = NalUnits.isKeyframe(bytes, length, streamType == PsDemuxer.H265);
        if (key) keyframes++;
        if (waitForKeyframe && !key) {
            if (lastRtpTs >= 0) mediaTime(rtpTs); // mid-stream, time passes for the frames dropped too (a long GOP is no discontinuity)
            dropped++;
            return;
        }
        long ticks = mediaTime(rtpTs);
        if (muxer == null) muxer = new PsMuxer(streamType == PsDemuxer.H265 ? PsDemuxer.H265 : PsDemuxer.H264);
        long pts = ticks + ORIGIN_TICKS;
        byte[] out = muxer.frame(bytes, 0, length, key, pts);
        long now = System.nanoTime();
        if (sink.offer(out, 0, out.length)) {
            waitForKeyframe = false;
            if (frames++ == 0) firstArrivalMs = System.currentTimeMillis();
            synchronized (arrivals) {
                arrivals.put(ticks * 100 / 9, now);
                if (arrivals.size() > ARRIVALS) arrivals.pollFirstEntry();
            }
        } else {
            dropped++;
            waitForKeyframe = true; // the reference chain is broken until the next keyframe
        }
    }

    /** The decoder's timestamp of the first frame, 90 kHz (its LIVE_ORIGIN_US): frames presented before it stay positive. */
    private static final long ORIGIN_TICKS = 90_000;

    /** The media time of a frame (90 kHz ticks from the first one): RTP timestamps unwrapped, a discontinuity bridged by one frame. */
    private long mediaTime(long rtpTs) {
        if (lastRtpTs >= 0) {
            long step = (int) (rtpTs - lastRtpTs); // signed 32-bit difference: across the wrap
            mediaTicks += Math.abs(step) > MAX_STEP_TICKS ? 3600 : step;
        }
        lastRtpTs = rtpTs;
        return mediaTicks;
    }

    /** When the frame with this media time (µs from the first frame, as the decoder counts) arrived (System.nanoTime), or -1. */
    public long arrivalNanos(long mediaUs) {
        synchronized (arrivals) {
            var e = arrivals.floorEntry(mediaUs + 50); // the decoder's µs round the 90 kHz ticks down
            return e == null || mediaUs - e.getKey() > 50 ? -1 : e.getValue();
        }
    }

    /** When the first frame went to the decoder (UTC ms), 0 before. */
    public long firstArrivalMs() { return firstArrivalMs; }

    /** The end of the stream: passes on what is held and closes the pipe. */
    public synchronized void end() {
        rtp.flush();
        end.run();
    }

    /** "h264" or "hevc" once the PSM said (H.264 until then: most cameras). */
    public String codec() { return streamType == PsDemuxer.H265 ? "hevc" : "h264"; }

    public int streamType() { return streamType; }

    public long framesDelivered() { return frames; }

    public long keyframes() { return keyframes; }

    public long framesDropped() { return dropped; }

    public long lastMediaMs() { return lastMediaMs; }

    public RtpFrameAssembler rtp() { return rtp; }

    public PsDemuxer ps() { return ps; }
}
