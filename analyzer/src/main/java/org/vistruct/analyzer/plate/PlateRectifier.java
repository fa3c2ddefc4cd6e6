package org.vistruct.analyzer.plate;

import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Warps a detected plate from its four corners to an upright rectangle, exactly at the corners
 * (no margin reads best); double-layer plates become one line: the top ~5/12 resized to the
 * bottom's height and joined on its left.
 */
public final class PlateRectifier {
    private static final float MIN_HEIGHT = 48f;

    private PlateRectifier() {}

    public static Mat rectify(Mat image, PlateCandidate plate) {
        float[] c = plate.corners();
        float width = Math.max(dist(c, 0, 1), dist(c, 3, 2)), height = Math.max(dist(c, 0, 3), dist(c, 1, 2));
        // small plates are warped straight to the recognisers' height: one interpolation instead of two
        float k = Math.max(1f, MIN_HEIGHT / Math.max(1f, height));
        int w = Math.max(8, Math.round(width * k));
        int h = Math.max(4, Math.round(height * k));
        Mat warped = new Mat();
        try (Point2f src = points(c); Point2f dst = points(new float[] {0, 0, w, 0, w, h, 0, h});
             Mat m = getPerspectiveTransform(src, dst); Size size = new Size(w, h)) {
            warpPerspective(image, warped, m, size, org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC, org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE, new org.bytedeco.opencv.opencv_core.Scalar());
        }
        if (!plate.doubleLayer()) return warped;
        try (warped) {
            return joinDoubleLayer(warped);
        }
    }

    static Mat joinDoubleLayer(Mat plate) {
        int h = plate.rows(), w = plate.cols();
        int topH = Math.max(1, h * 5 / 12), bottomY = h / 3;
        try (Rect topR = new Rect(0, 0, w, topH); Rect botR = new Rect(0, bottomY, w, h - bottomY);
             Mat top = new Mat(plate, topR); Mat bottom = new Mat(plate, botR).clone();
             Mat topResized = new Mat(); Size s = new Size(w, bottom.rows())) {
            resize(top, topResized, s, 0, 0, INTER_LINEAR);
            Mat joined = new Mat();
            try (org.bytedeco.opencv.opencv_core.MatVector both = new org.bytedeco.opencv.opencv_core.MatVector(topResized, bottom)) {
                hconcat(both, joined);
            }
            return joined;
        }
    }

    private static float dist(float[] c, int a, int b) {
        return (float) Math.hypot(c[2 * a] - c[2 * b], c[2 * a + 1] - c[2 * b + 1]);
    }

    private static Point2f points(float[] xy) {
        Point2f p = new Point2f(4);
        p.put(new FloatPointer(xy));
        return p;
    }
}
