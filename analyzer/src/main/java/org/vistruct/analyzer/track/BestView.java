package org.vistruct.analyzer.track;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The best view of a tracked object so far: the sighting with the highest quality, a copy of its
 * frame, and when it was seen. A track keeps one of these instead of every frame.
 */
public final class BestView<O> {
    private Mat frame;
    private O sighting;
    private float quality = Float.NEGATIVE_INFINITY;
    private long wallMs, offsetMs;

    /** Keeps this sighting (copying the frame) when it beats the best so far; returns whether it did. */
    boolean offer(O o, float q, Mat f, long wall, long offset) {
        if (q <= quality) return false;
        if (frame != null) frame.close();
        frame = f.clone();
        sighting = o;
        quality = q;
        wallMs = wall;
        offsetMs = offset;
        return true;
    }

    public Mat frame() { return frame; }

    public O sighting() { return sighting; }

    public float quality() { return quality; }

    public long wallMs() { return wallMs; }

    public long offsetMs() { return offsetMs; }

    void release() {
        if (frame != null) frame.close();
        frame = null;
    }
}
