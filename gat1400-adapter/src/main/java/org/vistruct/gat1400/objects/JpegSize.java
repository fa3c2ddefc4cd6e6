package org.vistruct.gat1400.objects;

/**
 * The width and height of a JPEG from its frame header, without decoding it: SubImageInfo carries
 * Width and Height, and receivers check them. Walks the marker segments only, so a damaged file
 * costs at most one pass over its bytes.
 */
public final class JpegSize {
    private JpegSize() {}

    /** Whether the bytes start like a JPEG file (SOI then a marker). */
    public static boolean isJpeg(byte[] b) {
        return b != null && b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    }

    /** {width, height}, or null when no frame header is found. */
    public static int[] of(byte[] b) {
        if (!isJpeg(b)) return null;
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xff) return null;
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
                i += 2;
                continue;
            }
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (len < 2) return null;
            boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (sof) {
                if (i + 9 > b.length) return null;
                int h = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int w = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return new int[] {w, h};
            }
            if (marker == 0xd9 || marker == 0xda) return null; // end of image, or scan data before any frame header
            i += 2 + len;
        }
        return null;
    }
}
