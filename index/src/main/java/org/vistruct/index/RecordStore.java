package org.vistruct.index;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/**
 * Where records are kept and searched: the embedded Lucene index ({@link RecordIndex}, the
 * default) or a search cluster (the {@code index-opensearch} module). Every caller (the write
 * path, the search API, face search, feeds to subscribers, analytics, retention) goes through this
 * and gets the same answers from either.
 *
 * <p>A write returns only once the record is durable and visible to the next search: that is what
 * lets the write path acknowledge it. Writes carry a version (a provisional record 1, its final
 * form 2) so that a replay never puts an older version over a newer one.
 */
public interface RecordStore extends AutoCloseable {
    /** Version of a record written while its object is still in view. */
    int PROVISIONAL = 1;
    /** Version of a record in its final form. */
    int FINAL = 2;

    /** One page of a search: how many records match (exactly, or at least when totalExact is false), and those from offset on. */
    record Page(long total, boolean totalExact, List<StructuredRecord> records) {}

    /** A final record and its place in the feed. */
    record FeedEntry(long position, StructuredRecord record) {}

    /** Records read from the feed, and where the next read starts (past the last entry, or past everything looked at). */
    record FeedPage(List<FeedEntry> entries, long next) {}

    /** Adds (or replaces, by id) a record in its final form. */
    default void add(StructuredRecord record) throws IOException { add(record, FINAL); }

    /** Adds (or replaces) a record with a version; durable and visible to the next search when this returns. */
    void add(StructuredRecord record, int version) throws IOException;

    /** Adds a record unless a newer version of it is held; returns whether it was written. */
    boolean addIfNewer(StructuredRecord record, int version) throws IOException;

    /** The version of the record with this id, or null when there is none (0 for records written before versions). */
    Integer versionOf(String id) throws IOException;

    /**
     * As {@link #versionOf}, for checks made at every write: may answer from a view up to a moment old
     * (a record written since may not be seen; the caller keeps what it wrote a moment ago).
     */
    Integer versionInView(String id) throws IOException;

    /** Writes a changed record in place (maintenance): it keeps its version and its place in the feed. */
    void rewrite(StructuredRecord record) throws IOException;

    /** Removes a record by id (no error when there is none). */
    void delete(String id) throws IOException;

    /** Removes records by id (maintenance: retention, a resumed job); durable at the next {@link #commit}. */
    void deleteAll(Collection<String> ids) throws IOException;

    /** The record with this id, or null. */
    StructuredRecord get(String id) throws IOException;

    /** Records held. */
    long count() throws IOException;

    /** Records of any type matching the query, newest first. */
    List<StructuredRecord> search(RecordQuery q) throws IOException;

    /** Records of one type matching the query, newest first. */
    default <T extends StructuredRecord> List<T> search(RecordQuery q, Class<T> type) throws IOException {
        RecordType t = RecordType.valueOf(type.getSimpleName());
        return search(q.withTypes(java.util.Set.of(t))).stream().map(type::cast).toList();
    }

    /** Records matching the query from {@code offset} (at most {@code q.limit()}), newest or oldest first. */
    Page page(RecordQuery q, int offset, boolean oldestFirst) throws IOException;

    /** Faces most like the query's feature, best first, the filters applied inside the similarity search. */
    List<FaceHit> searchFaces(FaceQuery q) throws IOException;

    /** Walks every record the scan selects (one point-in-time view), handing each to the visitor; returns how many. */
    long scan(RecordScan scan, Consumer<StructuredRecord> visitor) throws IOException;

    /** How many records the scan selects. */
    long count(RecordScan scan) throws IOException;

    /** The oldest record time the scan selects, or null when it selects none. */
    Long oldest(RecordScan scan) throws IOException;

    /** Records analysed from a source file at or after an offset (a job resumed from there writes them again). */
    List<StructuredRecord> fromSource(String sourceFile, long fromOffsetMs) throws IOException;

    /** The feed position through which every write is visible to a reader now. */
    long feedHead();

    /**
     * Final records written after position {@code after} that match the query's type, device and
     * time filters, in the order they were written, at most {@code limit}: what subscriptions and
     * upper platforms are sent. Positions survive restarts.
     */
    FeedPage feed(long after, RecordQuery filter, int limit) throws IOException;

    /** How many final records matching the filter were written after {@code after}. */
    long feedCount(long after, RecordQuery filter) throws IOException;

    /** Vehicle passes as columns for analytics, on one point-in-time view; close it when done. */
    PassView passes() throws IOException;

    /** Makes what was written part of the store's own files (bounds replays); a no-op where every write is already there. */
    void commit() throws IOException;

    /** Whether writes can be taken now. */
    boolean healthy();

    /** What keeps the store from taking writes, for the operator (health); null while healthy. */
    String failure();

    /** Tries to make the store writable again after a failure; fails (to be tried again) while the cause lasts. */
    void recover() throws IOException;

    /**
     * Parts of the store that can be dropped whole (a search cluster's monthly indices), each with how
     * many records it holds; none for a store that is one index. Retention drops a part whose
     * records have all expired in one step instead of record by record.
     */
    default List<Partition> partitions() throws IOException { return List.of(); }

    /**
     * A part that can be dropped whole, and how many records it holds now.
     *
     * @param start the first instant of the time it holds (ms)
     * @param end   the first instant after it (ms): a part still written to ends in the future
     */
    record Partition(String name, long start, long end, long records) {}

    /** As {@link #count(RecordScan)}, within one partition. */
    default long count(RecordScan scan, String partition) throws IOException { throw new UnsupportedOperationException("this store has no partitions"); }

    /** As {@link #scan(RecordScan, Consumer)}, within one partition. */
    default long scan(RecordScan scan, String partition, Consumer<StructuredRecord> visitor) throws IOException {
        throw new UnsupportedOperationException("this store has no partitions");
    }

    /** Drops a partition with every record in it, at once. */
    default void dropPartition(String partition) throws IOException { throw new UnsupportedOperationException("this store has no partitions"); }

    /** Gives records written by earlier versions the columns analytics read; returns how many were rewritten. */
    default long addMissingColumns() throws IOException { return 0; }

    /** Writes a restart found and applied (journal entries), for the operator. */
    default long replayed() { return 0; }

    @Override
    void close() throws IOException;
}
