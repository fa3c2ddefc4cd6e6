package org.vistruct.analytics;

/** What one question may spend: wall time and passes read; exceeded, it is cut with {@link TooBroadException}. */
final class Budget {
    private final long deadline, maxPasses, started = System.nanoTime();
    private long passes;

    Budget(AnalyticsSettings s) {
        this(s.maxQueryMs(), s.maxPasses());
    }

    private Budget(long maxMs, long maxPasses) {
        this.deadline = started + maxMs * 1_000_000L;
        this.maxPasses = maxPasses;
    }

    /** For work the server does on its own (learning, warming up), which no investigator waits for. */
    static Budget unbounded() { return new Budget(Long.MAX_VALUE / 2_000_000, Long.MAX_VALUE); }

    /** Counts one pass read; checks the clock every 8,192. */
    void pass() {
        if (++passes > maxPasses || (passes & 8191) == 0) check();
    }

    void check() {
        if (passes > maxPasses) throw new TooBroadException("too broad: more than " + maxPasses + " passes to read; narrow the time range, devices or plates");
        if (System.nanoTime() > deadline) {
            throw new TooBroadException("too broad: still running after " + (System.nanoTime() - started) / 1_000_000 + " ms having read " + passes
                    + " passes; narrow the time range, devices or plates");
        }
    }

    long passes() { return passes; }

    long elapsedMs() { return (System.nanoTime() - started) / 1_000_000; }
}
