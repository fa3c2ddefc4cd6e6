package org.vistruct.gb28181.media;

import java.io.ByteArrayOutputStream;
import java.util.TreeMap;

/**
 * RTP packets of one stream back into frames of PS: checks version, payload type and SSRC; puts
 * packets back in order through a small reorder window; counts loss; a frame is complete when its
 * timestamp ends (the next timestamp starts, or the marker bit). RTCP arriving on the RTP port
 * (payload types 200-204) is ignored.
 *
 * <p>A gap is waited for until 64 packets are held behind it or its oldest held packet has waited
 * {@code maxHoldMs}, whichever comes first: a slow camera (a CIF stream sends some 27 packets a
 * second) must not stall for seconds behind one lost packet. Reordered counts packets that came
 * after a later one (real reordering), not every packet that arrives while a gap is open.
 */
public final class RtpFrameAssembler {
    /** Receives the PS bytes of each frame, in order. */
    public interface Sink {
        void frame(byte[] ps, long timestamp);
    }

    private static final int WINDOW = 64;
    /** How long a gap is waited for by default: several frame intervals of a 25 fps stream. */
    public static final long DEFAULT_MAX_HOLD_MS = 150;
    private final Sink sink;
    private final long maxHoldNanos;
    private final java.util.function.LongSupplier clock;
    /** Since when the current gap has been waited for (nanoTime), or -1 when none is. */
    private long gapSince = -1;
    /** The highest extended sequence number seen (a packet below it arrived after a later one). */
    private long highest = -1;
    private long expectedSsrc;
    /** A packet waiting for a gap before it to fill, and when it arrived (nanoTime). */
    private record Held(byte[] bytes, long arrived) {}

    /** Packets waiting for a gap to fill, by extended (32-bit, wrap-free) sequence number. */
    private final TreeMap<Long, Held> window = new TreeMap<>();
    private long nextSeq = -1;
    private long frameTimestamp = -1;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(64 * 1024);
    private long packets, lost, reordered, wrongSsrc, malformed, rtcp, frames, bytes;

    /** @param ssrc the SSRC to accept, or -1 to take the first one seen (devices may answer with another y=) */
    public RtpFrameAssembler(long ssrc, Sink sink) {
        this(ssrc, sink, DEFAULT_MAX_HOLD_MS, System::nanoTime);
    }

    /** @param clock nanoseconds, as System.nanoTime (tests drive their own) */
    public RtpFrameAssembler(long ssrc, Sink sink, long maxHoldMs, java.util.function.LongSupplier clock) {
        this.expectedSsrc = ssrc;
        this.sink = sink;
        this.maxHoldNanos = maxHoldMs * 1_000_000L;
        this.clock = clock;
    }

    /** Accepts this SSRC from now on (the device answered the INVITE with its own y=). */
    public void expectSsrc(long ssrc) { this.expectedSsrc = ssrc; }

    public void packet(byte[] p, int off, int len) {
        if (len < 12 || (p[off] & 0xC0) != 0x80) {
            malformed++;
            return;
        }
        int pt = p[off + 1] & 0x7F;
        if ((p[off + 1] & 0xFF) >= 200 && (p[off + 1] & 0xFF) <= 204) {
            rtcp++;
            return;
        }
        long ssrc = ((long) (p[off + 8] & 0xFF) << 24) | ((p[off + 9] & 0xFF) << 16) | ((p[off + 10] & 0xFF) << 8) | (p[off + 11] & 0xFF);
        if (expectedSsrc < 0) expectedSsrc = ssrc;
        if (ssrc != expectedSsrc) {
            wrongSsrc++;
            return;
        }
        int cc = p[off] & 0x0F;
        int header = 12 + 4 * cc;
        if ((p[off] & 0x10) != 0) { // extension
            if (len < header + 4) {
                malformed++;
                return;
            }
            header += 4 + 4 * (((p[off + header + 2] & 0xFF) << 8) | (p[off + header + 3] & 0xFF));
        }
        int padding = (p[off] & 0x20) != 0 ? p[off + len - 1] & 0xFF : 0;
        if (header + padding > len || pt > 127) {
            malformed++;
            return;
        }
        packets++;
        bytes += len;
        int seq = ((p[off + 2] & 0xFF) << 8) | (p[off + 3] & 0xFF);
        if (nextSeq < 0) nextSeq = seq;
        long ext = nextSeq + (short) (seq - (int) (nextSeq & 0xFFFF)); // nearest to what is expected, across wraps
        if (window.containsKey(ext)) return; // repeated
        if (ext < highest) reordered++; // it came after a later one (perhaps too late to be used)
        highest = Math.max(highest, ext);
        if (ext < nextSeq) return; // too late: its gap was given up (and counted lost)
        window.put(ext, new Held(java.util.Arrays.copyOfRange(p, off, off + len - padding), clock.getAsLong()));
        drain(false);
    }

    private void drain(boolean force) {
        long now = clock.getAsLong();
        while (!window.isEmpty()) {
            long first = window.firstKey();
            if (first != nextSeq) {
                // the gap has been open at least since the oldest packet held behind it arrived
                if (gapSince < 0) gapSince = window.values().stream().mapToLong(Held::arrived).min().orElse(now);
                if (!force && window.size() < WINDOW && now - gapSince < maxHoldNanos) return; // wait for the missing one
                lost += first - nextSeq; // give up on the gap
                nextSeq = first;
            }
            gapSince = -1;
            take(window.pollFirstEntry().getValue().bytes());
            nextSeq++;
        }
    }

    private void take(byte[] p) {
        long ts = ((long) (p[4] & 0xFF) << 24) | ((p[5] & 0xFF) << 16) | ((p[6] & 0xFF) << 8) | (p[7] & 0xFF);
        int cc = p[0] & 0x0F;
        int header = 12 + 4 * cc;
        if ((p[0] & 0x10) != 0) header += 4 + 4 * (((p[header + 2] & 0xFF) << 8) | (p[header + 3] & 0xFF));
        if (frameTimestamp >= 0 && ts != frameTimestamp) emit();
        frameTimestamp = ts;
        frame.write(p, header, p.length - header);
        if ((p[1] & 0x80) != 0) emit(); // marker: last packet of the frame
    }

    private void emit() {
        if (frame.size() > 0) {
            frames++;
            sink.frame(frame.toByteArray(), frameTimestamp);
        }
        frame.reset();
        frameTimestamp = -1;
    }

    /** Passes on what is held (end of stream). */
    public void flush() {
        drain(true);
        emit();
    }

    public long packets() { return packets; }

    public long lost() { return lost; }

    public long reordered() { return reordered; }

    public long wrongSsrc() { return wrongSsrc; }

    public long malformed() { return malformed; }

    public long rtcp() { return rtcp; }

    public long frames() { return frames; }

    public long bytes() { return bytes; }
}
