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
        // a Latin-1 view of the bytes: String.indexOf finds the next quote with vector instructions, where a
        // loop over the bytes took as long as decoding the pictures (UTF-8 never puts a quote inside a character)
        String view = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        while (i < n) {
            int s = view.indexOf('"', i) + 1;
            if (s == 0) break;
            int j = endOfString(view, s);
            if (j < 0) return null;
            i = j + 1;
            if (!pictureMember(b, s, j)) continue;
            int k = whitespace(b, i);
            if (k >= n || b[k] != ':') continue;
            k = whitespace(b, k + 1);
            if (k >= n || b[k] != '"') continue;
            // base64 has no quote and no backslash: the value ends at the next quote, and an escape in it fails the decoding below
            int vs = k + 1, ve = view.indexOf('"', vs);
            if (ve < 0) return null;
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

    /** The index of the quote that ends the string starting at {@code s}, or -1 when it does not end. */
    private static int endOfString(String view, int s) {
        for (int q = view.indexOf('"', s); q >= 0; q = view.indexOf('"', q + 1)) {
            int backslashes = 0;
            while (q - 1 - backslashes >= s && view.charAt(q - 1 - backslashes) == '\\') backslashes++;
            if (backslashes % 2 == 0) return q;
        }
        return -1;
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
