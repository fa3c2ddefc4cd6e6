package org.vistruct.analyzer.track;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Follows objects across the sampled frames of one stream: each sighting goes to the free track it
 * continues best (greedy, best match first), the rest start new tracks. Hands back the tracks that
 * ended: unseen for the timeout, older than the age limit, cut by a scene change, or flushed at the
 * end of the stream.
 */
public final class BoxTracker<O, T extends BoxTrack<O>> {
    private static final float MIN_MATCH = 0.3f;
    private final long timeoutMs, maxAgeMs;
    private final LongFunction<T> newTrack;
    private final List<T> active = new ArrayList<>();

    /** @param newTrack makes a track starting at the given wall time */
    public BoxTracker(long timeoutMs, long maxAgeMs, LongFunction<T> newTrack) {
        this.timeoutMs = timeoutMs;
        this.maxAgeMs = maxAgeMs;
        this.newTrack = newTrack;
    }

    /** Adds one frame's sightings; returns the tracks that ended with it. */
    public List<T> update(List<O> sightings, Mat frame, long wallMs, long offsetMs, boolean sceneCut) {
        List<T> ended = new ArrayList<>();
        if (sceneCut) ended.addAll(flush());
        List<O> unmatched = new ArrayList<>(sightings);
        List<T> free = new ArrayList<>(active);
        while (!unmatched.isEmpty() && !free.isEmpty()) {
            float best = MIN_MATCH;
            O bo = null;
            T bt = null;
            for (O o : unmatched) {
                for (T t : free) {
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
        for (O o : unmatched) {
            T t = newTrack.apply(wallMs);
            t.add(o, frame, wallMs, offsetMs);
            active.add(t);
        }
        endExpired(wallMs, ended);
        return ended;
    }

    /**
     * A frame on which the detectors did not run because the picture did not change: the tracks seen
     * at the last detection pass (at or after {@code lastPassOffsetMs}) are taken as still in place
     * (not timed out by the skipped frames); the others, already missing at that pass, time out as
     * usual (holding them too kept a flickering detection alive for good). Returns the tracks that ended.
     */
    public List<T> hold(long wallMs, long offsetMs, long lastPassOffsetMs) {
        for (T t : active) if (t.lastSightingOffsetMs() >= lastPassOffsetMs) t.hold(wallMs, offsetMs);
        List<T> ended = new ArrayList<>();
        endExpired(wallMs, ended);
        return ended;
    }

    private void endExpired(long wallMs, List<T> ended) {
        for (Iterator<T> it = active.iterator(); it.hasNext(); ) {
            T t = it.next();
            if (wallMs - t.lastWallMs() > timeoutMs || wallMs - t.firstWallMs() > maxAgeMs) {
                ended.add(t);
                it.remove();
            }
        }
    }

    /** Whether every open track is as the caller needs it to be held through still frames (e.g. it has its shots). */
    public boolean all(java.util.function.Predicate<T> settled) {
        for (T t : active) if (!settled.test(t)) return false;
        return true;
    }

    /** Ends every track (end of stream, scene cut). */
    public List<T> flush() {
        List<T> all = new ArrayList<>(active);
        active.clear();
        return all;
    }

    /** Whether no track is open. */
    public boolean isEmpty() { return active.isEmpty(); }

    /** The tracks seen in the frame at this wall time. */
    public List<T> seenAt(long wallMs) {
        return active.stream().filter(t -> t.lastWallMs() == wallMs).toList();
    }
}
