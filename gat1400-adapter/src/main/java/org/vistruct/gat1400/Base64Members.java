package org.vistruct.gat1400;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lifts the base64 picture members ("Data", "FeatureData") out of a JSON body and decodes them
 * straight from its bytes before the rest is parsed. Pictures are nearly all of a push; handing them
 * to the JSON parser first costs a UTF-8 decode into characters and a copy for every byte (measured:
 * the parse was the largest part of taking in a push). Each value is replaced by a marker with a
 * random part chosen per body, so a sender cannot write a marker of its own.
 */
final class Base64Members {
    /**
     * @param rest   the body with each lifted value replaced by {@code marker + index}
     * @param data   the decoded values by index
     * @param marker what the replaced values start with
     */
    record Split(byte[] rest, List<byte[]> data, String marker) {
        /** The bytes a marker stands for, or null when the text is not one of this body's markers. */
        byte[] of(String text) {
            if (!text.startsWith(marker)) return null;
            try {
                int i = Integer.parseInt(text, marker.length(), text.length(), 10);
                return i >= 0 && i < data.size() ? data.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private Base64Members() {}

    /**
     * The body split, or null when it holds a picture value this cannot take whole (an escape in it,
     * anything that is not plain base64, an unterminated string): the caller then parses the body
     * the plain way, where such values are decoded tolerantly or refused for their object.
     */
    static Split split(byte[] b) {
        String marker = "~" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + ":";
        byte[] markerBytes = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<byte[]> data = new ArrayList<>();
        byte[] out = null;
        int outLen = 0, copied = 0, n = b.length, i = 0;
        while (i < n) {
            if (b[i] != '"') {
                i++;
                continue;
            }
            int s = i + 1, j = s;
            while (j < n && b[j] != '"') j += b[j] == '\\' ? 2 : 1;
            if (j >= n) return null;
            i = j + 1;
            if (!pictureMember(b, s, j)) continue;
            int k = whitespace(b, i);
            if (k >= n || b[k] != ':') continue;
            k = whitespace(b, k + 1);
            if (k >= n || b[k] != '"') continue;
            int vs = k + 1, ve = vs;
            while (ve < n && b[ve] != '"') {
                if (b[ve] == '\\') return null;
                ve++;
            }
            if (ve >= n) return null;
            byte[] decoded;
            try {
                ByteBuffer bb = Base64.getDecoder().decode(ByteBuffer.wrap(b, vs, ve - vs));
                decoded = bb.arrayOffset() == 0 && bb.position() == 0 && bb.remaining() == bb.array().length ? bb.array()
                        : Arrays.copyOfRange(bb.array(), bb.arrayOffset() + bb.position(), bb.arrayOffset() + bb.limit());
            } catch (IllegalArgumentException notPlain) {
                return null;
            }
            if (out == null) out = new byte[Math.min(n, 64 * 1024)];
            byte[] index = Integer.toString(data.size()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            out = ensure(out, outLen + (vs - copied) + markerBytes.length + index.length);
            System.arraycopy(b, copied, out, outLen, vs - copied);
            outLen += vs - copied;
            System.arraycopy(markerBytes, 0, out, outLen, markerBytes.length);
            outLen += markerBytes.length;
            System.arraycopy(index, 0, out, outLen, index.length);
            outLen += index.length;
            data.add(decoded);
            copied = ve;
            i = ve + 1;
        }
        if (data.isEmpty()) return new Split(b, data, marker);
        out = ensure(out, outLen + (n - copied));
        System.arraycopy(b, copied, out, outLen, n - copied);
        outLen += n - copied;
        return new Split(Arrays.copyOf(out, outLen), data, marker);
    }

    private static boolean pictureMember(byte[] b, int s, int e) {
        return equals(b, s, e, "Data") || equals(b, s, e, "FeatureData");
    }

    private static boolean equals(byte[] b, int s, int e, String name) {
        if (e - s != name.length()) return false;
        for (int i = 0; i < name.length(); i++) if (b[s + i] != name.charAt(i)) return false;
        return true;
    }

    private static int whitespace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) i++;
        return i;
    }

    private static byte[] ensure(byte[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
    }
}
