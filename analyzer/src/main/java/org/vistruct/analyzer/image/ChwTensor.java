package org.vistruct.analyzer.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A reusable planar (channel, height, width) float input of a fixed size, filled from 8-bit BGR
 * pixels as {@code value * mul + add}, in BGR or RGB channel order. Allocated once per model and
 * size, so the per-frame path allocates nothing large.
 */
public final class ChwTensor {
    private final int width, height;
    private final boolean rgb;
    private final float mul, add;
    private final float[] planes;
    private final FloatBuffer direct;
    private byte[] row = new byte[0];

    public ChwTensor(int width, int height, boolean rgb, float mul, float add) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.mul = mul;
        this.add = add;
        this.planes = new float[3 * width * height];
        this.direct = ByteBuffer.allocateDirect(planes.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public int width() { return width; }

    public int height() { return height; }

    /** Sets every element to the value a pixel of {@code padValue} in all channels gets. */
    public void fill(float padValue) {
        java.util.Arrays.fill(planes, padValue * mul + add);
    }

    /** Writes the 8-bit BGR Mat {@code src} at (x0, y0); src must fit inside the tensor. */
    public void put(Mat src, int x0, int y0) {
        int w = src.cols(), h = src.rows();
        if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException(w + "x" + h + " at " + x0 + "," + y0 + " does not fit " + width + "x" + height);
        }
        if (row.length < w * 3) row = new byte[w * 3];
        int plane = width * height;
        int c0 = rgb ? 2 : 0, c2 = rgb ? 0 : 2; // where source channel B goes, and source channel R
        long step = src.step();
        var data = src.data();
        for (int y = 0; y < h; y++) {
            data.position(y * step).get(row, 0, w * 3);
            int base = (y0 + y) * width + x0;
            for (int x = 0, i = 0; x < w; x++, i += 3) {
                int o = base + x;
                planes[c0 * plane + o] = (row[i] & 0xFF) * mul + add;
                planes[plane + o] = (row[i + 1] & 0xFF) * mul + add;
                planes[c2 * plane + o] = (row[i + 2] & 0xFF) * mul + add;
            }
        }
        data.position(0);
    }

    /** The tensor's contents in a direct buffer, ready for ONNX Runtime. */
    public FloatBuffer buffer() {
        direct.clear();
        direct.put(planes);
        direct.flip();
        return direct;
    }

    public long[] shape() { return new long[] {1, 3, height, width}; }
}
