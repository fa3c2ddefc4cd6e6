package org.vistruct.gb28181.media;

import java.util.Arrays;

/**
 * MPEG-2 program stream (GB/T 28181 RTP payload 96) to elementary streams, fed in pieces as they
 * arrive. Pack headers (any stuffing bytes), system headers, the PSM (parsed for stream types,
 * also when its lengths are wrong or it carries vendor descriptors) and PES packets; video PES
 * payloads go to the listener, audio and padding are skipped. Whatever cannot be parsed is counted
 * and skipped up to the next start code: never fatal.
 */
public final class PsDemuxer {
    /** H.264 and H.265 in the PSM; GB/T 28181 also lists SVAC (0x80), G.711 (0x90, 0x91) and AAC (0x0F). */
    public static final int H264 = 0x1B, H265 = 0x24;
    private static final int MAX_BUFFER = 4 << 20;

    /** Receives the video elementary stream. */
    public interface Listener {
        /**
         * @param streamType from the latest PSM (0 when none was seen yet)
         * @param pts        90 kHz presentation time, or -1
         */
        void video(byte[] data, int offset, int length, int streamType, long pts);
    }

    private final Listener listener;
    private byte[] buf = new byte[64 * 1024];
    private int len;
    private final int[] streamTypes = new int[256];
    private long packs, psms, pes, skippedBytes, errors;

    public PsDemuxer(Listener listener) { this.listener = listener; }

    public void feed(byte[] data, int offset, int length) {
        if (len + length > buf.length) {
            if (len + length > MAX_BUFFER) { // a stream with no parsable structure: drop what we hold
                errors++;
                skippedBytes += len;
                len = 0;
                if (length > MAX_BUFFER) return;
            }
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + length));
        }
        System.arraycopy(data, offset, buf, len, length);
        len += length;
        parse();
    }

    private void parse() {
        int pos = 0;
        while (true) {
            int sc = startCode(pos);
            if (sc < 0) {
                int keep = Math.min(len - pos, 3); // a start code may straddle the next piece
                skippedBytes += Math.max(0, len - pos - keep);
                pos = len - keep;
                break;
            }
            skippedBytes += sc - pos;
            pos = sc;
            if (pos + 4 > len) break;
            int id = buf[pos + 3] & 0xFF;
            int size = packetSize(pos, id);
            if (size == NEED_MORE) break;
            if (size < 0) { // not a packet we understand: step over the start code and resync
                errors++;
                pos += 3;
                continue;
            }
            if (pos + size > len) break;
            handle(pos, id, size);
            pos += size;
        }
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
    }

    private static final int NEED_MORE = Integer.MIN_VALUE;

    /** Bytes of the packet starting at pos, NEED_MORE when its header is incomplete, negative when invalid. */
    private int packetSize(int pos, int id) {
        if (id == 0xBA) {
            if (pos + 14 > len) return NEED_MORE;
            if ((buf[pos + 4] & 0xC0) == 0x40) return 14 + (buf[pos + 13] & 0x07); // MPEG-2; stuffing need not be 0xFF
            if ((buf[pos + 4] & 0xF0) == 0x20) return 12; // MPEG-1 pack
            return -1;
        }
        if (id == 0xB9) return 4; // program end
        if (id < 0xBB) return -1; // slice or picture start codes of an unwrapped elementary stream
        if (pos + 6 > len) return NEED_MORE;
        int plen = ((buf[pos + 4] & 0xFF) << 8) | (buf[pos + 5] & 0xFF);
        if (plen == 0 && id >= 0xE0 && id <= 0xEF) return -1; // unbounded video PES does not occur in GB streams
        return 6 + plen;
    }

    private void handle(int pos, int id, int size) {
        if (id == 0xBA) {
            packs++;
        } else if (id == 0xBC) {
            psm(pos, size);
        } else if (id >= 0xE0 && id <= 0xEF) {
            videoPes(pos, size, id);
        }
        // 0xBB system header, 0xC0-0xDF audio, 0xBD/0xBE/0xBF private and padding: nothing to keep
    }

    /**
     * Stream types by stream id. The map is read up to the end of the PSM (less its CRC) whatever
     * elementary_stream_map_length claims: devices get that length wrong.
     */
    private void psm(int pos, int size) {
        psms++;
        int end = pos + size - 4; // CRC_32
        int p = pos + 8;
        if (p + 2 > end) return;
        int infoLength = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
        p += 2 + infoLength;
        p += 2; // elementary_stream_map_length: not trusted
        while (p + 4 <= end) {
            int type = buf[p] & 0xFF, streamId = buf[p + 1] & 0xFF;
            int infoLen = ((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF);
            if (streamId >= 0xC0 && streamId <= 0xEF) streamTypes[streamId] = type;
            p += 4 + infoLen;
        }
    }

    private void videoPes(int pos, int size, int id) {
        if (size < 9) {
            errors++;
            return;
        }
        int headerLength = buf[pos + 8] & 0xFF;
        int payload = pos + 9 + headerLength;
        if (payload > pos + size) {
            errors++;
            return;
        }
        long pts = -1;
        if ((buf[pos + 7] & 0x80) != 0 && headerLength >= 5) {
            int b = pos + 9;
            pts = ((long) (buf[b] & 0x0E) << 29) | ((buf[b + 1] & 0xFF) << 22) | ((buf[b + 2] & 0xFE) << 14) | ((buf[b + 3] & 0xFF) << 7) | ((buf[b + 4] & 0xFF) >> 1);
        }
        pes++;
        listener.video(buf, payload, pos + size - payload, streamTypes[id], pts);
    }

    /** The next 00 00 01 from pos, or -1. */
    private int startCode(int pos) {
        for (int i = pos; i + 3 <= len; i++) {
            if (buf[i + 2] > 1) {
                i += 2;
                continue;
            }
            if (buf[i] == 0 && buf[i + 1] == 0 && buf[i + 2] == 1) return i;
        }
        return -1;
    }

    /** Stream type the PSM gave for a stream id (0xE0 is the usual video), 0 if none. */
    public int streamType(int streamId) { return streamTypes[streamId & 0xFF]; }

    public long packs() { return packs; }

    public long psms() { return psms; }

    public long pesPackets() { return pes; }

    public long skippedBytes() { return skippedBytes; }

    public long errors() { return errors; }
}
