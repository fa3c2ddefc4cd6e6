package org.vistruct.analyzer.track;

import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.vehicle.Detection;

/** One person followed across frames; keeps the frame with the largest, surest full-body view. */
public final class PersonTrack extends BoxTrack<Detection> {
    private final BestView<Detection> best = new BestView<>();
    private float bestScore;

    public PersonTrack(String recordId, long wallMs) {
        super(recordId, wallMs);
    }

    @Override
    protected void observe(Detection d, Mat frame, long wallMs, long offsetMs) {
        bestScore = Math.max(bestScore, d.score());
        best.offer(d, d.score() * d.box().area(), frame, wallMs, offsetMs);
    }

    @Override
    protected float match(Detection d) { return last().box().iou(d.box()); }

    public BestView<Detection> best() { return best; }

    public float bestScore() { return bestScore; }

    @Override
    public void release() { best.release(); }
}
