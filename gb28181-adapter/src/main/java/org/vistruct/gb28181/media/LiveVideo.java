package org.vistruct.gb28181.media;

import java.io.ByteArrayOutputStream;
import org.vistruct.core.StreamPipe;

/**
 * One live channel's media on the receiving side: RTP packets → frames of PS → the video
 * elementary stream, into a {@link StreamPipe} for the decoder. When the decoder falls behind, whole
 * frames are dropped and the stream resumes at the next keyframe, so the decoder never sees a
 * broken reference.
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
    private final ByteArrayOutputStream es = new ByteArrayOutputStream(256 * 1024);
    private volatile int streamType;
    private boolean waitForKeyframe = true;
    private volatile long frames, keyframes, dropped, lastMediaMs;

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
            deliver();
        });
    }

    /** One RTP packet as received (UDP payload, or a TCP frame without its length prefix). */
    public synchronized void packet(byte[] p, int off, int len) {
        lastMediaMs = System.currentTimeMillis();
        rtp.packet(p, off, len);
    }

    private void deliver() {
        if (es.size() == 0) return;
        byte[] bytes = es.toByteArray();
        boolean key = NalUnits.isKeyframe(bytes, streamType == PsDemuxer.H265);
        if (key) keyframes++;
        if (waitForKeyframe && !key) {
            dropped++;
            return;
        }
        if (sink.offer(bytes, 0, bytes.length)) {
            waitForKeyframe = false;
            frames++;
        } else {
            dropped++;
            waitForKeyframe = true; // the reference chain is broken until the next keyframe
        }
    }

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
