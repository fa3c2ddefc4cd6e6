package org.vistruct.gb28181.media;

import java.io.ByteArrayOutputStream;

/**
 * One video access unit to GB-conformant MPEG-2 PS: a pack header per frame, a PSM naming the
 * stream type (0x1B H.264 or 0x24 H.265 on stream 0xE0) before every keyframe, and PES packets
 * of at most 65,400 bytes, the first with the PTS. (FFmpeg's PS muxer writes no PSM, so test
 * senders and a platform cascading video upwards need this.)
 */
public final class PsMuxer {
    private static final int MAX_PES_PAYLOAD = 65_400;

    public PsMuxer(int streamType) {
        this.psm = psm(streamType);
    }

    /** The PSM, the same before every keyframe. */
    private final byte[] psm;

    public byte[] frame(byte[] accessUnit, boolean keyframe, long pts90k) { return frame(accessUnit, 0, accessUnit.length, keyframe, pts90k); }

    /** One access unit from {@code au[off, off + len)}, in one array of exactly its size (a live receiver muxes every frame it takes). */
    public byte[] frame(byte[] au, int off, int len, boolean keyframe, long pts90k) {
        int pesCount = Math.max(1, (len + MAX_PES_PAYLOAD - 1) / MAX_PES_PAYLOAD);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(new byte[PACK_HEADER + (keyframe ? PSM : 0) + pesCount * 9 + 5 + len]);
        packHeader(out, pts90k);
        if (keyframe) out.put(psm);
        int done = 0;
        do {
            int n = Math.min(MAX_PES_PAYLOAD, len - done);
            boolean first = done == 0;
            int headerData = first ? 5 : 0;
            int pesLength = 3 + headerData + n;
            out.put((byte) 0).put((byte) 0).put((byte) 1).put((byte) 0xE0);
            out.put((byte) (pesLength >> 8)).put((byte) pesLength);
            out.put((byte) 0x80); // '10', not scrambled, no priority/alignment flags
            out.put((byte) (first ? 0x80 : 0x00)); // PTS only on the first
            out.put((byte) headerData);
            if (first) pts(out, 0x21, pts90k);
            out.put(au, off + done, n);
            done += n;
        } while (done < len);
        if (out.hasRemaining()) throw new IllegalStateException("PS frame sized wrong by " + out.remaining() + " bytes");
        return out.array();
    }

    private static final int PACK_HEADER = 14, PSM = 20;

    private static void packHeader(java.nio.ByteBuffer out, long scr) {
        long base = scr & 0x1FFFFFFFFL;
        out.put((byte) 0).put((byte) 0).put((byte) 1).put((byte) 0xBA);
        out.put((byte) (0x44 | ((base >> 27) & 0x38) | ((base >> 28) & 0x03)));
        out.put((byte) (base >> 20));
        out.put((byte) (((base >> 12) & 0xF8) | 0x04 | ((base >> 13) & 0x03)));
        out.put((byte) (base >> 5));
        out.put((byte) (((base << 3) & 0xF8) | 0x04)); // SCR extension 0
        out.put((byte) 0x01);
        int muxRate = 6106; // 50-byte units: about 2.4 Mbit/s, informative only
        out.put((byte) (muxRate >> 14)).put((byte) (muxRate >> 6)).put((byte) (((muxRate << 2) & 0xFC) | 0x03));
        out.put((byte) 0xF8); // reserved, no stuffing
    }

    private static byte[] psm(int streamType) {
        byte[] body = {
                (byte) 0xE0, (byte) 0xFF, // current_next, version; reserved, marker
                0, 0, // program_stream_info_length
                0, 4, // elementary_stream_map_length
                (byte) streamType, (byte) 0xE0, 0, 0 };
        int length = body.length + 4; // + CRC_32
        ByteArrayOutputStream psm = new ByteArrayOutputStream();
        psm.write(0); psm.write(0); psm.write(1); psm.write(0xBC);
        psm.write(length >> 8); psm.write(length);
        psm.write(body, 0, body.length);
        byte[] soFar = psm.toByteArray();
        int crc = crc32Mpeg(soFar, 0, soFar.length);
        psm.write(crc >>> 24); psm.write(crc >>> 16); psm.write(crc >>> 8); psm.write(crc);
        return psm.toByteArray();
    }

    private static void pts(java.nio.ByteBuffer out, int prefix, long pts) {
        out.put((byte) (prefix | ((pts >> 29) & 0x0E)));
        out.put((byte) (pts >> 22));
        out.put((byte) (((pts >> 14) & 0xFE) | 1));
        out.put((byte) (pts >> 7));
        out.put((byte) (((pts << 1) & 0xFE) | 1));
    }

    /** CRC-32/MPEG-2 (polynomial 0x04C11DB7, no reflection, initial all ones). */
    static int crc32Mpeg(byte[] b, int off, int len) {
        int crc = 0xFFFFFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        return crc;
    }
}
