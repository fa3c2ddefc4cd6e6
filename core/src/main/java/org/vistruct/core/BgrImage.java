package org.vistruct.core;

/**
 * A decoded picture as packed 8-bit BGR rows (stride = width * 3), the hand-over format between
 * the decoder and the analyzer. Plain Java so that core depends on no native library.
 */
public record BgrImage(int width, int height, byte[] data) {
    public BgrImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("empty image " + width + "x" + height);
        if (data.length != width * height * 3) {
            throw new IllegalArgumentException("BGR buffer of " + data.length + " bytes does not fit " + width + "x" + height);
        }
    }
}
