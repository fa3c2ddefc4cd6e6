package org.vistruct.gat1400.subscribe;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, from the first delay to the maximum: lanes to one dead endpoint do not march in step. */
public record Backoff(long firstMs, long maxMs) {
    public Backoff {
        if (firstMs < 1 || maxMs < firstMs) throw new IllegalArgumentException("backoff: first delay must be ≥ 1 ms and ≤ the maximum");
    }

    /** The delay before the next try after this many consecutive failures (1 for the first). */
    public long delay(int failures) {
        long d = Math.min(maxMs, firstMs << Math.min(20, Math.max(0, failures - 1)));
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }
}
