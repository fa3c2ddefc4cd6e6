package org.vistruct.retention;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retention every interval (the first run one interval after start), one run at a time, also
 * when asked by an operator; keeps the last report and totals for the API and the metrics. A
 * failed run is logged and counted; the next one tries again.
 */
public final class RetentionScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionScheduler.class);
    private final RetentionRun run;
    private final ScheduledExecutorService timer;
    private volatile RetentionRun.Report last;
    private volatile long lastRunAt;
    private volatile String lastError;
    public final LongAdder recordsExpired = new LongAdder(), scenesExpired = new LongAdder(), picturesDeleted = new LongAdder(), failures = new LongAdder();

    private final OrphanSweep sweep;
    private final long sweepIntervalMs;
    private volatile long lastSweepAt;
    public final LongAdder orphansDeleted = new LongAdder();

    /** @param intervalMs 0: only runs asked for */
    public RetentionScheduler(RetentionRun run, long intervalMs) {
        this(run, intervalMs, null, 0);
    }

    /**
     * @param sweep           the orphan sweep run after a retention run when {@code sweepIntervalMs} has passed since the last
     *                        (pictures of records that never became durable, and of retention runs a crash cut short)
     */
    public RetentionScheduler(RetentionRun run, long intervalMs, OrphanSweep sweep, long sweepIntervalMs) {
        this.run = run;
        this.sweep = sweep;
        this.sweepIntervalMs = sweepIntervalMs;
        this.lastSweepAt = System.currentTimeMillis();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retention").daemon().factory());
        if (intervalMs > 0) timer.scheduleWithFixedDelay(this::scheduled, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void scheduled() {
        try {
            runNow();
        } catch (IOException | RuntimeException e) {
            log.error("retention run failed (tried again at the next interval): {}", e.getMessage(), e);
        }
        if (sweep != null && sweepIntervalMs > 0 && System.currentTimeMillis() - lastSweepAt >= sweepIntervalMs) {
            lastSweepAt = System.currentTimeMillis();
            try (AutoCloseable p = pause()) {
                OrphanSweep.Report r = sweep.run(System.currentTimeMillis() - 3_600_000L);
                orphansDeleted.add(r.orphansDeleted());
                if (r.orphanObjects() > 0 || r.danglingKeys() > 0) {
                    log.warn("sweep: {} orphan pictures ({} deleted), {} dangling keys (e.g. {})", r.orphanObjects(), r.orphansDeleted(), r.danglingKeys(),
                            r.danglingSamples());
                }
            } catch (Exception e) {
                log.error("orphan sweep failed (tried again at the next interval): {}", e.getMessage());
            }
        }
    }

    private final java.util.concurrent.locks.ReentrantLock running = new java.util.concurrent.locks.ReentrantLock();

    /** Keeps retention from running until the returned pause is closed (a backup copying a consistent state). */
    public AutoCloseable pause() {
        running.lock();
        return running::unlock;
    }

    /** Runs now (waiting for a run under way, or a pause, to end first) and returns its report. */
    public RetentionRun.Report runNow() throws IOException {
        running.lock();
        try {
            RetentionRun.Report r = run.run(System.currentTimeMillis());
            last = r;
            lastRunAt = System.currentTimeMillis();
            lastError = null;
            recordsExpired.add(r.records());
            scenesExpired.add(r.scenesExpired());
            picturesDeleted.add(r.picturesDeleted());
            return r;
        } catch (IOException | RuntimeException e) {
            failures.increment();
            lastError = e.getMessage();
            throw e;
        } finally {
            running.unlock();
        }
    }

    /** The last report, or null before the first run. */
    public RetentionRun.Report last() { return last; }

    public long lastRunAt() { return lastRunAt; }

    public String lastError() { return lastError; }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
