package org.vistruct.analyzer.track;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.vistruct.core.Box;

/**
 * A tiny look of a box: its grey thumbnail, mean-removed and unit-length, so that the dot product
 * of two looks is their normalised cross-correlation. Two different cars parked at the same place
 * in consecutive shots overlap perfectly but look different; this keeps them apart.
 */
public final class Appearance {
    private final float[] v;

    private Appearance(float[] v) { this.v = v; }

    public static Appearance of(Mat frame, Box box, int w, int h) {
        Box b = box.clip(frame.cols(), frame.rows());
        if (b.width() < 2 || b.height() < 2) return null;
        try (Rect r = new Rect(b.leftTopX(), b.leftTopY(), b.width(), b.height()); Mat view = new Mat(frame, r);
             Mat small = new Mat(); Mat grey = new Mat(); Size s = new Size(w, h)) {
            resize(view, small, s, 0, 0, INTER_AREA);
            cvtColor(small, grey, COLOR_BGR2GRAY);
            byte[] px = new byte[w * h];
            grey.data().get(px, 0, px.length);
            float[] v = new float[px.length];
            float mean = 0;
            for (int i = 0; i < px.length; i++) mean += v[i] = px[i] & 0xFF;
            mean /= px.length;
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] -= mean;
                norm += v[i] * v[i];
            }
            float inv = norm > 1e-6 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int i = 0; i < v.length; i++) v[i] *= inv;
            return new Appearance(v);
        }
    }

    /** Normalised cross-correlation, -1 to 1. */
    public float similarity(Appearance o) {
        if (o == null || o.v.length != v.length) return 0f;
        float s = 0;
        for (int i = 0; i < v.length; i++) s += v[i] * o.v[i];
        return s;
    }
}
