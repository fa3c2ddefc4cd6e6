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
    private final int streamType;

    public PsMuxer(int streamType) { this.streamType = streamType; }

    public byte[] frame(byte[] accessUnit, boolean keyframe, long pts90k) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(accessUnit.length + 64);
        packHeader(out, pts90k);
        if (keyframe) psm(out);
        for (int off = 0; off < accessUnit.length; off += MAX_PES_PAYLOAD) {
            int n = Math.min(MAX_PES_PAYLOAD, accessUnit.length - off);
            boolean first = off == 0;
            int headerData = first ? 5 : 0;
            int pesLength = 3 + headerData + n;
            out.write(0); out.write(0); out.write(1); out.write(0xE0);
            out.write(pesLength >> 8); out.write(pesLength);
            out.write(0x80); // '10', not scrambled, no priority/alignment flags
            out.write(first ? 0x80 : 0x00); // PTS only on the first
            out.write(headerData);
            if (first) pts(out, 0x21, pts90k);
            out.write(accessUnit, off, n);
        }
        return out.toByteArray();
    }

    private static void packHeader(ByteArrayOutputStream out, long scr) {
        long base = scr & 0x1FFFFFFFFL;
        out.write(0); out.write(0); out.write(1); out.write(0xBA);
        out.write((int) (0x44 | ((base >> 27) & 0x38) | ((base >> 28) & 0x03)));
        out.write((int) (base >> 20));
        out.write((int) (((base >> 12) & 0xF8) | 0x04 | ((base >> 13) & 0x03)));
        out.write((int) (base >> 5));
        out.write((int) (((base << 3) & 0xF8) | 0x04)); // SCR extension 0
        out.write(0x01);
        int muxRate = 6106; // 50-byte units: about 2.4 Mbit/s, informative only
        out.write(muxRate >> 14); out.write(muxRate >> 6); out.write(((muxRate << 2) & 0xFC) | 0x03);
        out.write(0xF8); // reserved, no stuffing
    }

    private void psm(ByteArrayOutputStream out) {
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
        out.writeBytes(psm.toByteArray());
    }

    private static void pts(ByteArrayOutputStream out, int prefix, long pts) {
        out.write((int) (prefix | ((pts >> 29) & 0x0E)));
        out.write((int) (pts >> 22));
        out.write((int) (((pts >> 14) & 0xFE) | 1));
        out.write((int) (pts >> 7));
        out.write((int) (((pts << 1) & 0xFE) | 1));
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
