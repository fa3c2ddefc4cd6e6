package org.vistruct.gat1400.subscribe;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.RecordFeed;
import org.vistruct.gat1400.ViidStore;

/**
 * Sends the record feed to one receiver, batch by batch, from a persisted position: a batch is
 * read after the position, sent until the receiver takes it (retrying with backoff, without end),
 * and only then the position moves past it. A restart resumes at the position, so nothing is lost
 * and at worst the last batch is sent twice (receivers de-duplicate by object id). One virtual
 * thread per lane: a dead receiver delays only its own lane.
 */
public final class FeedLane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedLane.class);

    /** Sends one batch; returns null when the receiver took it, else what went wrong (it is sent again). */
    public interface Delivery {
        /** @param first the position of the batch's first record: the same batch sent again has the same one */
        String deliver(long first, List<StructuredRecord> batch) throws InterruptedException;
    }

    /** Whether the lane may send now (an upper platform link while it is registered); when not, it waits. */
    public interface Gate {
        boolean open();
    }

    /** After catching up, how long a lane gathers new records before it reads again. */
    private static final long CATCH_UP_MS = 100;
    private final String name, label;
    private final RecordFeed feed;
    private volatile RecordFeed.Filter filter;
    private final ViidStore store;
    private final Delivery delivery;
    private final Gate gate;
    private final Backoff backoff;
    private final int batchSize;
    private final long intervalMs;
    private final Semaphore signal = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long position;
    private volatile int failures;
    private volatile String lastError;
    private volatile long lastSent;
    /** Whether this node held the lane at the last look (see ViidStore.holdLane). */
    private boolean held = true;
    public final LongAdder sent = new LongAdder(), batches = new LongAdder(), failed = new LongAdder();

    /**
     * @param name       the cursor's name in the store
     * @param label      who it sends to, for logs
     * @param start      where a lane without a stored cursor starts
     * @param intervalMs least time between two batches (a subscription's ReportInterval); 0: as soon as records come
     */
    public FeedLane(String name, String label, RecordFeed feed, RecordFeed.Filter filter, ViidStore store, Delivery delivery, Gate gate, Backoff backoff,
                    int batchSize, long intervalMs, long start) throws IOException {
        this.name = name;
        this.label = label;
        this.feed = feed;
        this.filter = filter;
        this.store = store;
        this.delivery = delivery;
        this.gate = gate;
        this.backoff = backoff;
        this.batchSize = batchSize;
        this.intervalMs = intervalMs;
        ViidStore.Cursor c = store.cursor(name);
        if (c == null) store.saveCursor(name, start, null);
        this.position = c == null ? start : c.position();
        this.saved = position;
        this.thread = Thread.ofVirtual().name("viid-lane-" + name).start(this::run);
    }

    /** Records were written: look for new ones now rather than at the next timed wake. */
    public void wake() { signal.release(); }

    public void filter(RecordFeed.Filter f) {
        this.filter = f;
        wake();
    }

    /** What the API shows of a lane. */
    public record State(long position, long sent, long batches, long failures, int consecutiveFailures, String lastError, long lastSent) {}

    public State state() { return new State(position, sent.sum(), batches.sum(), failed.sum(), failures, lastError, lastSent); }

    /** Records that pass the filter and wait to be sent. */
    public long queued() throws IOException { return feed.count(position, filter); }

    private void run() {
        while (!stopped) {
            try {
                if (!gate.open()) {
                    sleep(500);
                    continue;
                }
                if (!store.holdLane(name)) {
                    held = false; // another node runs this lane
                    sleep(1000);
                    continue;
                }
                if (!held) {
                    // taken (back) from another node: go on from the cursor it saved, not from where this node stopped
                    ViidStore.Cursor c = store.cursor(name);
                    if (c != null && c.position() != position) {
                        position = c.position();
                        saved = position;
                    }
                    held = true;
                }
                RecordFeed.Batch b = feed.after(position, filter, batchSize);
                if (b.entries().isEmpty()) {
                    if (b.next() > position) advance(b.next());
                    signal.tryAcquire(1, TimeUnit.SECONDS); // a timed wake also picks up anything not signalled
                    // caught up: gather what comes in the next moment rather than read after every single record
                    // (each read makes the index show the newest records, and doing that per record costs a segment each)
                    Thread.sleep(CATCH_UP_MS);
                    signal.drainPermits();
                    continue;
                }
                List<StructuredRecord> records = b.entries().stream().map(RecordFeed.Entry::record).toList();
                if (!send(b.entries().get(0).position(), records)) continue;
                advance(b.next());
                sent.add(records.size());
                batches.increment();
                lastSent = System.currentTimeMillis();
                if (intervalMs > 0) sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (stopped) return;
                failures++;
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("GA/T 1400 lane {} ({}) failed; it goes on", name, label, e);
                try {
                    sleep(backoff.delay(failures));
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Sends one batch until it is taken; false when the gate closed or the lane stopped meanwhile (the batch is read again). */
    private boolean send(long first, List<StructuredRecord> records) throws InterruptedException {
        while (!stopped) {
            String error = delivery.deliver(first, records);
            if (error == null) {
                if (failures > 0) log.info("GA/T 1400 lane {} ({}) delivers again after {} failures", name, label, failures);
                failures = 0;
                lastError = null;
                return true;
            }
            failures++;
            failed.increment();
            lastError = error;
            long delay = backoff.delay(failures);
            if (failures == 1 || failures % 10 == 0) {
                log.warn("GA/T 1400 lane {} ({}): {} records not delivered ({}); failure {}, next try in {} ms", name, label, records.size(), error, failures, delay);
            }
            sleep(delay);
            if (!gate.open()) return false;
        }
        return false;
    }

    /**
     * Moves past what the receiver took. The position is written to the store at most once a second
     * (and when the lane closes): a write per batch was an fsync per batch beside the journal's, and a
     * restart after a crash sends again at most the last second's batches, which receivers drop by id.
     */
    private void advance(long next) throws IOException {
        position = next;
        long now = System.nanoTime();
        if (now - lastSave >= SAVE_EVERY_NS) save();
    }

    private void save() throws IOException {
        long p = position;
        if (p == saved) return;
        store.saveCursor(name, p, null);
        saved = p;
        lastSave = System.nanoTime();
    }

    private static final long SAVE_EVERY_NS = 1_000_000_000L;
    private long saved = Long.MIN_VALUE, lastSave;

    private void sleep(long ms) throws InterruptedException {
        if (stopped) throw new InterruptedException();
        Thread.sleep(ms);
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!thread.isAlive()) save();
        } catch (IOException | RuntimeException e) {
            log.warn("GA/T 1400 lane {} ({}): position {} not saved at close ({}); the last second's batches will be sent again", name, label, position, e.toString());
        }
    }
}
