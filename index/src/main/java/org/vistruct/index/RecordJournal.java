package org.vistruct.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's write-ahead log: every record is appended here, and forced to disk, before the index
 * takes it; an index commit names the last entry it holds, and a restart applies what came after.
 * So a record is durable the moment it is visible, whatever happens to the process, and the
 * index can be committed at leisure.
 *
 * <p>Segments {@code journal-<first seq>.log}, entries {@code [length u32][seq u64][crc32c u32][payload]}.
 * Appends are group-forced: a thread forces what every thread wrote so far, the others find their
 * entry already forced (leader and followers). A torn entry at the end (a crash in the middle of a
 * write, never acknowledged) ends the replay there.
 */
final class RecordJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordJournal.class);
    private static final int HEADER = 4 + 8 + 4;
    private static final long SEGMENT_BYTES = 64L << 20;
    private static final int MAX_ENTRY = 16 << 20;

    /** Told of each entry during a replay. */
    interface Entry {
        void accept(long seq, byte[] payload) throws IOException;
    }

    private final Path dir;
    private final Object writeLock = new Object(), syncLock = new Object();
    private FileChannel current;
    private long currentFirstSeq, currentBytes;
    private long lastSeq;
    private volatile long written, synced;

    /** Opens the journal in {@code dir}; the next sequence follows the last readable entry. */
    RecordJournal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        long last = 0;
        List<Path> segs = segments();
        for (int i = 0; i < segs.size(); i++) {
            long[] r = scan(segs.get(i), Long.MIN_VALUE, null);
            // an empty segment still says where numbering stands: numbers are never handed out twice
            last = Math.max(last, Math.max(r[0], firstSeqOf(segs.get(i)) - 1));
            if (i == segs.size() - 1 && r[1] < Files.size(segs.get(i))) {
                // cut a torn tail away, so what is appended next is not hidden behind it
                try (FileChannel c = FileChannel.open(segs.get(i), StandardOpenOption.WRITE)) {
                    c.truncate(r[1]);
                    c.force(true);
                }
            }
        }
        this.lastSeq = last;
        this.written = last;
        this.synced = last;
        roll();
    }

    /**
     * Appends a payload and returns its sequence number once it is on disk. {@code assigned} is told
     * the number while the journal's lock is held, before any later entry exists.
     */
    long append(byte[] payload, LongConsumer assigned) throws IOException {
        if (payload.length > MAX_ENTRY) throw new IOException("journal entry of " + payload.length + " bytes is larger than " + MAX_ENTRY);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        long seq;
        synchronized (writeLock) {
            if (currentBytes >= SEGMENT_BYTES) {
                current.force(false);
                current.close();
                roll();
            }
            seq = lastSeq + 1;
            ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
            b.putInt(payload.length).putLong(seq).putInt((int) crc.getValue()).put(payload).flip();
            while (b.hasRemaining()) current.write(b);
            lastSeq = seq;
            currentBytes += HEADER + payload.length;
            written = seq;
            assigned.accept(seq);
        }
        force(seq);
        return seq;
    }

    private void force(long seq) throws IOException {
        synchronized (syncLock) {
            if (synced >= seq) return;
            long target = written;
            FileChannel c;
            synchronized (writeLock) {
                c = current;
            }
            c.force(false); // a roll forces the segment it closes, so forcing the current one covers everything written
            synced = target;
        }
    }

    private void roll() throws IOException {
        currentFirstSeq = lastSeq + 1;
        Path f = dir.resolve(String.format("journal-%020d.log", currentFirstSeq));
        current = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        currentBytes = current.size();
    }

    /** Hands every readable entry after {@code afterSeq} to the visitor, in order; returns how many. */
    long replay(long afterSeq, Entry visitor) throws IOException {
        long[] n = {0};
        for (Path seg : segments()) {
            scan(seg, afterSeq, (seq, payload) -> {
                visitor.accept(seq, payload);
                n[0]++;
            });
        }
        return n[0];
    }

    /** Reads a segment; returns the last good sequence number in it and the bytes up to the end of that entry. */
    private long[] scan(Path seg, long afterSeq, Entry visitor) throws IOException {
        long last = 0, good = 0;
        try (FileChannel c = FileChannel.open(seg, StandardOpenOption.READ)) {
            long size = c.size(), pos = 0;
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            while (pos + HEADER <= size) {
                head.clear();
                c.read(head, pos);
                head.flip();
                int len = head.getInt();
                long seq = head.getLong();
                int crc = head.getInt();
                if (len < 0 || len > MAX_ENTRY || pos + HEADER + len > size) {
                    log.warn("journal {}: entry at byte {} is torn (a crash while it was written; it was never acknowledged): the rest is ignored", seg.getFileName(), pos);
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(len);
                c.read(body, pos + HEADER);
                CRC32C check = new CRC32C();
                check.update(body.array());
                if ((int) check.getValue() != crc) {
                    log.warn("journal {}: entry {} at byte {} fails its checksum: the rest is ignored", seg.getFileName(), seq, pos);
                    break;
                }
                if (visitor != null && seq > afterSeq) visitor.accept(seq, body.array());
                last = seq;
                pos += HEADER + len;
                good = pos;
            }
        }
        return new long[] {last, good};
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("journal-\\d{20}\\.log")).sorted().toList());
        }
    }

    /** Deletes the segments whose every entry is at most {@code seq} (held by an index commit). */
    void truncateThrough(long seq) throws IOException {
        synchronized (writeLock) {
            if (currentFirstSeq <= seq && lastSeq <= seq && currentBytes > 0) {
                current.force(false);
                current.close();
                roll();
            }
            List<Path> segs = segments();
            for (int i = 0; i + 1 < segs.size(); i++) {
                long nextFirst = firstSeqOf(segs.get(i + 1));
                if (nextFirst - 1 <= seq) Files.deleteIfExists(segs.get(i));
            }
        }
    }

    private static long firstSeqOf(Path seg) {
        String n = seg.getFileName().toString();
        return Long.parseLong(n.substring("journal-".length(), n.length() - ".log".length()));
    }

    long lastSeq() {
        synchronized (writeLock) {
            return lastSeq;
        }
    }

    /**
     * Makes sure the next entry is numbered above {@code seq} (what an index commit already holds):
     * an entry numbered at or below it would be skipped by the next replay.
     */
    void continueAfter(long seq) throws IOException {
        synchronized (writeLock) {
            if (lastSeq >= seq) return;
            current.force(false);
            current.close();
            if (currentBytes == 0) Files.deleteIfExists(dir.resolve(String.format("journal-%020d.log", currentFirstSeq)));
            lastSeq = seq;
            written = seq;
            synced = seq;
            roll();
        }
    }

    /** Bytes of all segments: what a restart would read at most. */
    long bytes() throws IOException {
        long n = 0;
        for (Path p : segments()) n += Files.size(p);
        return n;
    }

    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            current.force(false);
            current.close();
        }
    }
}
