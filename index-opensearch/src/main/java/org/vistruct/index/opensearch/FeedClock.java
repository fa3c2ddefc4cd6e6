package org.vistruct.index.opensearch;

import java.util.TreeSet;

/**
 * Feed positions for records written to the cluster: microseconds of the wall clock, made strictly
 * increasing, so they keep growing across restarts without a counter kept anywhere. The head (what a
 * feed reader may read through) stays below every write still in flight from this process, as the
 * embedded index's journal does. Writes from other vistruct processes are not known here; a cluster
 * of vistruct nodes needs their in-flight marks shared (see ARCHITECTURE.md).
 */
final class FeedClock {
    private final TreeSet<Long> inflight = new TreeSet<>();
    private long last, head;

    /** Starts after the newest position the store holds (a clock set back must not reuse positions). */
    FeedClock(long newestHeld) {
        this.last = newestHeld;
        this.head = newestHeld;
    }

    /** A position for a final write about to be sent; it is in flight until {@link #done}. */
    synchronized long issue() {
        long p = Math.max(Math.max(last, head) + 1, System.currentTimeMillis() * 1000);
        last = p;
        inflight.add(p);
        return p;
    }

    synchronized void done(long position) { inflight.remove(position); }

    /** The position through which every write of this process is visible. */
    synchronized long head() {
        long h = inflight.isEmpty() ? Math.max(last, System.currentTimeMillis() * 1000 - 1) : inflight.first() - 1;
        head = Math.max(head, h);
        return head;
    }
}
