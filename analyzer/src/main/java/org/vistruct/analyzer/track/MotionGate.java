package org.vistruct.analyzer.track;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Tells whether the picture of a fixed camera changed since the previous sampled frame, cheaply
 * (one area resize and 14,400 comparisons): 160×90 grey thumbnails, each cell the mean of its
 * pixels, which averages sensor and compression noise away; a cell that changed by more than {@link #LEVELS} grey levels
 * counts, and {@link #CELLS} such cells are motion. A car 40 pixels wide in a 1080p frame covers
 * about 3×2 cells, so it moves cells whichever way it goes. The detectors may then skip a still
 * frame: nothing can appear in a picture that did not change.
 */
public final class MotionGate {
    private static final int W = 160, H = 90;
    /** Grey-level change of a cell taken as change (noise of sigma 4 on every pixel stays far below it after averaging: MotionGatingTest). */
    static final int LEVELS = 12;
    /** Changed cells taken as motion. */
    static final int CELLS = 3;
    private final Mat small = new Mat(), grey = new Mat();
    private byte[] previous, current = new byte[W * H];
    private int lastChanged;

    /**
     * Whether {@code frame} differs from the frame given before it (the first frame does). Leaves
     * the frame's 160×90 colour thumbnail in {@link #thumbnail()}, for the scene-cut test to share
     * (one full-frame resize per frame, not two).
     */
    public boolean moved(Mat frame) {
        try (Size s = new Size(W, H)) {
            resize(frame, small, s, 0, 0, INTER_AREA);
        }
        cvtColor(small, grey, COLOR_BGR2GRAY);
        grey.data().get(current, 0, W * H);
        int changed = W * H;
        if (previous != null) {
            changed = 0;
            for (int i = 0; i < current.length; i++) if (Math.abs((current[i] & 0xFF) - (previous[i] & 0xFF)) > LEVELS) changed++;
        } else {
            previous = new byte[W * H];
        }
        lastChanged = changed;
        byte[] t = previous;
        previous = current;
        current = t;
        return changed >= CELLS;
    }

    /** The last frame given, as a 160×90 BGR thumbnail (each pixel the mean of its cell); valid until the next call. */
    public Mat thumbnail() { return small; }

    /** Cells that changed at the last frame. */
    public int lastChanged() { return lastChanged; }
}
