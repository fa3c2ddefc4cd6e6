package org.vistruct.server;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a reserve of free space on the data directory's file system: below it, ingest pauses
 * (records wait, new jobs and uploads are refused with 507) while searches, the audit trail and
 * the metadata database still have room; when space returns, everything resumes by itself. The
 * reserve is what keeps a full disk from tearing the index, the journal or the database.
 */
public final class DiskGuard {
    private static final Logger log = LoggerFactory.getLogger(DiskGuard.class);
    private final FileStore store;
    private final Path where;
    private volatile long reserveBytes;
    private volatile boolean low;
    public final LongAdder pauses = new LongAdder();

    public DiskGuard(Path dataDir, long reserveBytes) throws IOException {
        this.where = dataDir;
        this.store = Files.getFileStore(dataDir);
        this.reserveBytes = reserveBytes;
    }

    public long freeBytes() {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    public long reserveBytes() { return reserveBytes; }

    /** Changes the reserve (tests that cannot fill a real disk raise it above the free space instead). */
    void reserve(long bytes) { this.reserveBytes = bytes; }

    /** Whether free space is below the reserve now. */
    public boolean low() {
        boolean now = freeBytes() < reserveBytes;
        if (now != low) {
            low = now;
            if (now) log.error("disk of {}: {} MB free, below the reserve of {} MB: ingest pauses until space is freed (searches go on)", where,
                    freeBytes() >> 20, reserveBytes >> 20);
            else log.warn("disk of {}: {} MB free again, above the reserve: ingest resumes", where, freeBytes() >> 20);
        }
        return now;
    }

    /** Refuses new ingest while the disk is low: the answer an upload or a job request gets (HTTP 507). */
    public void requireSpace(String what) {
        if (low()) {
            throw new InsufficientStorage(what + " refused: the disk of the data directory has " + (freeBytes() >> 20) + " MB free, below the reserve of "
                    + (reserveBytes >> 20) + " MB (storage.disk-reserve-mb); free space and try again");
        }
    }

    /** Waits (checking every second) while the disk is low: a record being written waits rather than being lost. */
    public void awaitSpace(String what) throws IOException {
        if (!low()) return;
        pauses.increment();
        log.warn("{}: waiting for disk space", what);
        while (low()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for disk space (" + what + ")", e);
            }
        }
    }

    /** Ingest refused for want of disk space. */
    public static final class InsufficientStorage extends RuntimeException {
        public InsufficientStorage(String message) { super(message); }
    }
}
