package org.vistruct.gb28181.media;

import java.util.ArrayList;
import java.util.List;

/** A frame of PS into RTP packets (payload type 96, 90 kHz): one timestamp per frame, the marker on its last packet. */
public final class RtpPacketizer {
    private final long ssrc;
    private final int maxPayload;
    private int sequence;

    public RtpPacketizer(long ssrc, int maxPayload, int firstSequence) {
        this.ssrc = ssrc;
        this.maxPayload = maxPayload;
        this.sequence = firstSequence;
    }

    public List<byte[]> packets(byte[] ps, long timestamp90k) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < ps.length; off += maxPayload) {
            int n = Math.min(maxPayload, ps.length - off);
            boolean last = off + n >= ps.length;
            byte[] p = new byte[12 + n];
            p[0] = (byte) 0x80;
            p[1] = (byte) ((last ? 0x80 : 0) | 96);
            p[2] = (byte) (sequence >> 8);
            p[3] = (byte) sequence;
            sequence = (sequence + 1) & 0xFFFF;
            p[4] = (byte) (timestamp90k >> 24); p[5] = (byte) (timestamp90k >> 16); p[6] = (byte) (timestamp90k >> 8); p[7] = (byte) timestamp90k;
            p[8] = (byte) (ssrc >> 24); p[9] = (byte) (ssrc >> 16); p[10] = (byte) (ssrc >> 8); p[11] = (byte) ssrc;
            System.arraycopy(ps, off, p, 12, n);
            out.add(p);
        }
        return out;
    }
}
