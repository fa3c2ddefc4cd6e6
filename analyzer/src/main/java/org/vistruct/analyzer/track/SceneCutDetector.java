package org.vistruct.analyzer.track;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Tells when the picture changes all at once (a camera switch on an NVR channel, an edited video,
 * a slideshow of checkpoint photos): then every track ends, so two vehicles at the same place in
 * consecutive shots never become one record. Compares 32×18 grey thumbnails.
 */
public final class SceneCutDetector {
    private static final int W = 32, H = 18;
    private final double threshold;
    private final Mat small = new Mat(), grey = new Mat();
    private byte[] previous, current = new byte[W * H];
    private double lastDifference;

    public SceneCutDetector(double threshold) { this.threshold = threshold; }

    /** Whether {@code frame} starts a new scene compared with the previous frame given. */
    public boolean isCut(Mat frame) {
        try (Size s = new Size(W, H)) {
            resize(frame, small, s, 0, 0, INTER_AREA);
        }
        cvtColor(small, grey, COLOR_BGR2GRAY);
        grey.data().get(current, 0, W * H);
        boolean cut = false;
        if (previous != null) {
            long sum = 0;
            for (int i = 0; i < current.length; i++) sum += Math.abs((current[i] & 0xFF) - (previous[i] & 0xFF));
            lastDifference = (double) sum / current.length;
            cut = lastDifference > threshold;
        } else {
            previous = new byte[W * H];
        }
        byte[] t = previous;
        previous = current;
        current = t;
        return cut;
    }

    public void reset() { previous = null; }

    /** Mean grey-level change measured at the last frame (0-255). */
    public double lastDifference() { return lastDifference; }
}
