package org.vistruct.analyzer.track;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One object followed across the sampled frames of a stream. Subclasses keep what their record
 * needs (the best shots), never every frame, and say how well a new sighting continues them.
 *
 * @param <O> what the detector reports per frame
 */
public abstract class BoxTrack<O> {
    private final String recordId;
    private final long firstWallMs;
    private long lastWallMs, lastOffsetMs, lastSightingOffsetMs;
    private int frames;
    private O last;

    protected BoxTrack(String recordId, long wallMs) {
        this.recordId = recordId;
        this.firstWallMs = wallMs;
    }

    final void add(O o, Mat frame, long wallMs, long offsetMs) {
        frames++;
        last = o;
        lastWallMs = wallMs;
        lastOffsetMs = offsetMs;
        lastSightingOffsetMs = offsetMs;
        observe(o, frame, wallMs, offsetMs);
    }

    /**
     * The object is still where it was last seen: the picture did not change (motion gating), so the
     * track stays open through the frame without a new sighting.
     */
    final void hold(long wallMs, long offsetMs) {
        lastWallMs = wallMs;
        lastOffsetMs = offsetMs;
    }

    /** Keeps what this sighting adds to the record (a better shot, a plate read). */
    protected abstract void observe(O o, Mat frame, long wallMs, long offsetMs);

    /** How well the sighting continues this track, 0-1; below the tracker's minimum it starts another. */
    protected abstract float match(O o);

    /** Frees native pictures the track holds. */
    public abstract void release();

    /** The id the track's record will have, fixed when the track starts so other records can link to it. */
    public String recordId() { return recordId; }

    public O last() { return last; }

    public long firstWallMs() { return firstWallMs; }

    public long lastWallMs() { return lastWallMs; }

    public long lastOffsetMs() { return lastOffsetMs; }

    public int frames() { return frames; }

    /** Media time of the last frame on which the detector actually saw the object (held frames aside). */
    public long lastSightingOffsetMs() { return lastSightingOffsetMs; }
}
