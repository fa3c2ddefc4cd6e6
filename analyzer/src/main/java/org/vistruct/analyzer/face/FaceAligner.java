package org.vistruct.analyzer.face;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Similarity-transforms a face onto the ArcFace 112×112 template from its five landmarks: the
 * least-squares rotation, uniform scale and translation (Umeyama, without reflection).
 */
public final class FaceAligner {
    public static final int SIZE = 112;
    private static final double[] TEMPLATE = {38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041};

    private FaceAligner() {}

    public static Mat align(Mat image, float[] landmarks) {
        double[] m = similarity(landmarks);
        Mat aligned = new Mat();
        try (Mat t = new Mat(2, 3, CV_64F); Size s = new Size(SIZE, SIZE)) {
            DoubleIndexer idx = t.createIndexer();
            idx.put(0, 0, m[0], -m[1], m[2]);
            idx.put(1, 0, m[1], m[0], m[3]);
            idx.release();
            warpAffine(image, aligned, t, s, INTER_LINEAR, org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT, new org.bytedeco.opencv.opencv_core.Scalar());
        }
        return aligned;
    }

    /**
     * The similarity x' = a·x − b·y + tx, y' = b·x + a·y + ty taking the landmarks to the template
     * with least squared error; returns {a, b, tx, ty}.
     */
    static double[] similarity(float[] src) {
        int n = 5;
        double mx = 0, my = 0, ux = 0, uy = 0;
        for (int i = 0; i < n; i++) {
            mx += src[2 * i];
            my += src[2 * i + 1];
            ux += TEMPLATE[2 * i];
            uy += TEMPLATE[2 * i + 1];
        }
        mx /= n;
        my /= n;
        ux /= n;
        uy /= n;
        double sxx = 0, sab = 0, sba = 0;
        for (int i = 0; i < n; i++) {
            double x = src[2 * i] - mx, y = src[2 * i + 1] - my;
            double u = TEMPLATE[2 * i] - ux, v = TEMPLATE[2 * i + 1] - uy;
            sxx += x * x + y * y;
            sab += x * u + y * v;
            sba += x * v - y * u;
        }
        if (sxx < 1e-9) return new double[] {1, 0, ux - mx, uy - my};
        double a = sab / sxx, b = sba / sxx;
        return new double[] {a, b, ux - (a * mx - b * my), uy - (b * mx + a * my)};
    }
}
