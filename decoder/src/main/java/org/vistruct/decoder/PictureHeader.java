package org.vistruct.decoder;

/**
 * The size a picture declares, read from its header before anything is decoded: a 1 MB file may
 * declare 30000×30000 pixels (2.7 GB of BGR), and only the header tells. JPEG (SOF marker), PNG
 * (IHDR) and BMP (info header); anything else is refused, since its size cannot be known first.
 */
public final class PictureHeader {
    /** Pixels a picture may have: 50 million (e.g. 8660×5773), 150 MB as BGR. */
    public static final long MAX_PIXELS = 50_000_000L;

    private PictureHeader() {}

    /** Width and height as declared, or an error naming the picture when they cannot be read or are too large. */
    public static int[] check(byte[] b, String name) throws DecodeException {
        int[] wh = size(b);
        if (wh == null) throw new DecodeException(name + ": not a picture vistruct can read (JPEG, PNG, BMP)");
        if (wh[0] <= 0 || wh[1] <= 0) throw new DecodeException(name + ": declares an empty picture (" + wh[0] + "×" + wh[1] + ")");
        if ((long) wh[0] * wh[1] > MAX_PIXELS) {
            throw new DecodeException(name + ": declares " + wh[0] + "×" + wh[1] + " pixels, more than the " + MAX_PIXELS / 1_000_000 + " million vistruct decodes");
        }
        return wh;
    }

    static int[] size(byte[] b) {
        if (b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return new int[] {be32(b, 16), be32(b, 20)};
        }
        if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
            return new int[] {le32(b, 18), Math.abs(le32(b, 22))};
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) return jpeg(b);
        return null;
    }

    /** Walks the JPEG segments to the first start-of-frame marker. */
    private static int[] jpeg(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) return null;
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (len < 2) return null;
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (i + 9 > b.length) return null;
                int h = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF), w = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
                return new int[] {w, h};
            }
            if (marker == 0xD9 || marker == 0xDA) return null; // image data before any frame header
            i += 2 + len;
        }
        return null;
    }

    private static int be32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) | ((b[o + 2] & 0xFF) << 16) | ((b[o + 3] & 0xFF) << 24);
    }
}
