package org.vistruct.server;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.index.RecordStore;

/**
 * Keeps the write path going without a restart, once a second: commits the index at least every
 * commit interval (also when nothing else is written), reopens a dead index writer once the disk
 * has room again, and drains the spool into the object store with backoff (1 s doubling to 60 s)
 * while the store is away.
 */
final class WritePathKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WritePathKeeper.class);
    private final RecordSink sink;
    private final RecordStore index;
    private final DiskGuard disk;
    private final long commitIntervalMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("write-path").daemon().factory());
    private long lastCommit = System.currentTimeMillis(), nextDrain, drainBackoff = 1000;
    public final LongAdder drainAttempts = new LongAdder(), drainFailures = new LongAdder(), recoveries = new LongAdder();
    private volatile String spoolError;

    WritePathKeeper(RecordSink sink, RecordStore index, DiskGuard disk, long commitIntervalMs) {
        this.sink = sink;
        this.index = index;
        this.disk = disk;
        this.commitIntervalMs = commitIntervalMs;
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        long now = System.currentTimeMillis();
        try {
            if (!index.healthy() && !disk.low()) {
                index.recover();
                recoveries.increment();
            }
            if (index.healthy() && now - lastCommit >= commitIntervalMs) {
                sink.commit();
                lastCommit = now;
            }
        } catch (IOException | RuntimeException e) {
            log.error("index upkeep: {}", e.getMessage());
        }
        try {
            if (now >= nextDrain && sink.spool().size() > 0 && index.healthy()) {
                drainAttempts.increment();
                int n = sink.drainSpool();
                if (n > 0) log.warn("stored {} spooled records: the object store answers again", n);
                drainBackoff = 1000;
                spoolError = null;
            }
        } catch (IOException | RuntimeException e) {
            drainFailures.increment();
            spoolError = e.getMessage();
            nextDrain = now + drainBackoff;
            if (drainBackoff == 1000 || drainBackoff >= 60_000) log.warn("spool: {}; next try in {} s", e.getMessage(), drainBackoff / 1000);
            drainBackoff = Math.min(60_000, drainBackoff * 2);
        }
    }

    /** Why the spool does not drain, or null. */
    String spoolError() { return spoolError; }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
