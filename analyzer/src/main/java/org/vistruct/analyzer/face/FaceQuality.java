package org.vistruct.analyzer.face;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How good a shot of a face is for recognition, 0-1: its size (80 px wide counts as full), how
 * frontal it is (the nose between the eyes), how sharp the aligned face is (variance of the
 * Laplacian), and the detector's score.
 */
public final class FaceQuality {
    private FaceQuality() {}

    public static float of(DetectedFace f, Mat aligned) {
        float size = Math.min(1f, f.box().width() / 80f);
        float[] m = f.landmarks();
        float eyeDist = (float) Math.hypot(m[2] - m[0], m[3] - m[1]);
        float noseOffset = eyeDist > 0 ? Math.abs(m[4] - (m[0] + m[2]) / 2) / eyeDist : 1f;
        float frontal = Math.max(0.05f, 1f - 2f * noseOffset);
        double sharp;
        try (Mat grey = new Mat(); Mat lap = new Mat(); Mat mean = new Mat(); Mat sd = new Mat()) {
            cvtColor(aligned, grey, COLOR_BGR2GRAY);
            Laplacian(grey, lap, CV_64F);
            meanStdDev(lap, mean, sd);
            double v = sd.createIndexer().getDouble(0);
            sharp = v * v / (v * v + 100.0);
        }
        return (float) (size * frontal * sharp * f.score());
    }
}
