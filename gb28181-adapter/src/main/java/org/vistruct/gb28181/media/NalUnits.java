package org.vistruct.gb28181.media;

import java.util.ArrayList;
import java.util.List;

/** NAL units of an Annex B elementary stream: where they start, their types, whether an access unit is a keyframe. */
public final class NalUnits {
    private NalUnits() {}

    /** Offsets of the first byte after each 00 00 01 start code. */
    public static List<Integer> starts(byte[] b, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i + 3 <= to; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                out.add(i + 3);
                i += 2;
            }
        }
        return out;
    }

    /**
     * Splits an Annex B stream with an access unit delimiter before each access unit (ffmpeg's
     * {@code h264_metadata=aud=insert} / {@code hevc_metadata=aud=insert}) into its access units,
     * each with its start code.
     */
    public static List<byte[]> accessUnits(byte[] es, boolean hevc) {
        int aud = hevc ? 35 : 9;
        List<Integer> cuts = new ArrayList<>();
        for (int s : starts(es, 0, es.length)) {
            if (s < es.length && type(es, s, hevc) == aud) cuts.add(s >= 4 && es[s - 4] == 0 ? s - 4 : s - 3);
        }
        cuts.add(es.length);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) out.add(java.util.Arrays.copyOfRange(es, cuts.get(i), cuts.get(i + 1)));
        return out;
    }

    public static int type(byte[] b, int nalStart, boolean hevc) {
        return hevc ? (b[nalStart] >> 1) & 0x3F : b[nalStart] & 0x1F;
    }

    /** Whether the access unit holds an IDR slice (H.264 type 5) or an IRAP picture (H.265 types 16-21). */
    public static boolean isKeyframe(byte[] au, boolean hevc) { return isKeyframe(au, au.length, hevc); }

    /**
     * As {@link #isKeyframe(byte[], boolean)} for the first {@code len} bytes. Decided by the first
     * slice (every slice of a picture has its type), so a frame's data after it is not read.
     */
    public static boolean isKeyframe(byte[] au, int len, boolean hevc) {
        for (int i = 0; i + 3 < len; i++) {
            if (au[i] != 0 || au[i + 1] != 0 || au[i + 2] != 1) continue;
            int t = type(au, i + 3, hevc);
            if (hevc ? t < 32 : t >= 1 && t <= 5) return hevc ? t >= 16 && t <= 21 : t == 5;
            i += 2;
        }
        return false;
    }
}
