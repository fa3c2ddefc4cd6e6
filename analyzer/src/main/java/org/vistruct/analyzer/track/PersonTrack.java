package org.vistruct.analyzer.track;

import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.vehicle.Detection;

/** One person followed across frames; keeps the frame with the largest, surest full-body view. */
public final class PersonTrack extends BoxTrack<Detection> {
    private Mat bestFrame;
    private Detection best;
    private float bestQuality = -1, bestScore;
    private long bestWallMs, bestOffsetMs;

    public PersonTrack(String recordId, long wallMs) {
        super(recordId, wallMs);
    }

    @Override
    protected void observe(Detection d, Mat frame, long wallMs, long offsetMs) {
        bestScore = Math.max(bestScore, d.score());
        float q = d.score() * d.box().area();
        if (q > bestQuality) {
            if (bestFrame != null) bestFrame.close();
            bestFrame = frame.clone();
            best = d;
            bestQuality = q;
            bestWallMs = wallMs;
            bestOffsetMs = offsetMs;
        }
    }

    @Override
    protected float match(Detection d) { return last().box().iou(d.box()); }

    public Mat bestFrame() { return bestFrame; }

    public Detection best() { return best; }

    public float bestScore() { return bestScore; }

    public long bestWallMs() { return bestWallMs; }

    public long bestOffsetMs() { return bestOffsetMs; }

    @Override
    public void release() {
        if (bestFrame != null) bestFrame.close();
        bestFrame = null;
    }
}
