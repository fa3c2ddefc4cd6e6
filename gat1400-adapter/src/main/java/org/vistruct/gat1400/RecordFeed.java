package org.vistruct.gat1400;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/**
 * The records in the order they were made durable, read from a position on: what subscriptions and
 * the upper platform are sent. A reader keeps its position (persisted) and so never misses a record
 * across restarts, nor needs a copy of each record per reader. Only final records appear.
 */
public interface RecordFeed {
    /** The position of the last record readable now (a new reader starts here). */
    long head() throws IOException;

    /** Records after {@code after}, oldest first, at most {@code limit}, that pass the filter. */
    Batch after(long after, Filter filter, int limit) throws IOException;

    /** Records that pass the filter after {@code after}: what a reader still has to send. */
    long count(long after, Filter filter) throws IOException;

    /**
     * Which records a reader wants; empty sets mean all.
     *
     * @param from inclusive record time (UTC ms), or null
     * @param to   exclusive record time, or null
     */
    record Filter(Set<RecordType> types, Set<String> devices, Long from, Long to) {
        public Filter {
            types = types == null ? Set.of() : Set.copyOf(types);
            devices = devices == null ? Set.of() : Set.copyOf(devices);
        }
    }

    /** One record and its position. */
    record Entry(long position, StructuredRecord record) {}

    /**
     * Records read, and the position to read after next time: past the last entry, or past
     * everything looked at when records that did not pass the filter came after it.
     */
    record Batch(List<Entry> entries, long next) {}
}
