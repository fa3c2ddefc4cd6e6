package org.vistruct.analyzer.track;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Follows vehicles across the sampled frames of one stream by overlap (IoU of vehicle or plate
 * boxes, greedy best-first, gated by appearance) and hands back the tracks that ended: unseen for the timeout, older
 * than the age limit, cut by a scene change, or at the end of the stream.
 */
public final class VehicleTracker {
    private static final float MIN_OVERLAP = 0.3f;
    private final long timeoutMs, maxAgeMs;
    private final int plateShots;
    private final List<VehicleTrack> active = new ArrayList<>();
    private int nextId;

    public VehicleTracker(long timeoutMs, long maxAgeMs, int plateShots) {
        this.timeoutMs = timeoutMs;
        this.maxAgeMs = maxAgeMs;
        this.plateShots = plateShots;
    }

    /** Adds one frame's observations; returns the tracks that ended with it. */
    public List<VehicleTrack> update(List<Observation> observations, Mat frame, long wallMs, long offsetMs, boolean sceneCut) {
        List<VehicleTrack> ended = new ArrayList<>();
        if (sceneCut) ended.addAll(flush());
        List<Observation> unmatched = new ArrayList<>(observations);
        List<VehicleTrack> free = new ArrayList<>(active);
        while (!unmatched.isEmpty() && !free.isEmpty()) {
            float best = MIN_OVERLAP;
            Observation bo = null;
            VehicleTrack bt = null;
            for (Observation o : unmatched) {
                for (VehicleTrack t : free) {
                    float s = t.match(o);
                    if (s >= best) {
                        best = s;
                        bo = o;
                        bt = t;
                    }
                }
            }
            if (bo == null) break;
            bt.add(bo, frame, wallMs, offsetMs);
            unmatched.remove(bo);
            free.remove(bt);
        }
        for (Observation o : unmatched) {
            VehicleTrack t = new VehicleTrack(nextId++, plateShots, wallMs);
            t.add(o, frame, wallMs, offsetMs);
            active.add(t);
        }
        for (Iterator<VehicleTrack> it = active.iterator(); it.hasNext(); ) {
            VehicleTrack t = it.next();
            if (wallMs - t.lastWallMs() > timeoutMs || wallMs - t.firstWallMs() > maxAgeMs) {
                ended.add(t);
                it.remove();
            }
        }
        return ended;
    }

    /** Ends every track (end of stream, scene cut). */
    public List<VehicleTrack> flush() {
        List<VehicleTrack> all = new ArrayList<>(active);
        active.clear();
        return all;
    }

    public int activeTracks() { return active.size(); }
}
