package org.vistruct.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vistruct.core.StructuredRecord;

/**
 * The last final records written, by feed position, kept in memory: readers that keep up with the
 * feed (subscriptions, upper platforms) read them here instead of refreshing the index's view for
 * them. Refreshing ten times a second for the feed made a small sorted segment each time and kept
 * the merger busy: measured, a subscription cost a third of the intake's throughput. Every final
 * write after {@link #complete()} is held; older positions, and readers that fell behind, are read
 * from the index.
 */
final class FeedTail {
    private final int capacity;
    private final TreeMap<Long, StructuredRecord> byPosition = new TreeMap<>();
    private final Map<String, Long> positionOf = new HashMap<>();
    private long complete;

    FeedTail(int capacity) { this.capacity = capacity; }

    /** Starts over: every position through {@code through} is to be read from the index. */
    synchronized void reset(long through) {
        byPosition.clear();
        positionOf.clear();
        complete = through;
    }

    /** Positions after this one are all held here. */
    synchronized long complete() { return complete; }

    /** A final write at its position; the same record's earlier position leaves the feed, as in the index. */
    synchronized void put(long position, StructuredRecord r) {
        Long old = positionOf.put(r.id(), position);
        if (old != null) byPosition.remove(old);
        byPosition.put(position, r);
        while (byPosition.size() > capacity) {
            var eldest = byPosition.pollFirstEntry();
            positionOf.remove(eldest.getValue().id(), eldest.getKey());
            complete = Math.max(complete, eldest.getKey());
        }
    }

    /** The record left the feed (deleted, or written again provisionally). */
    synchronized void remove(String id) {
        Long p = positionOf.remove(id);
        if (p != null) byPosition.remove(p);
    }

    /** The record changed in place (maintenance): it keeps its position. */
    synchronized void replace(StructuredRecord r) {
        Long p = positionOf.get(r.id());
        if (p != null) byPosition.put(p, r);
    }

    /**
     * Records after {@code after} through {@code head} that pass the filter, oldest first, at most
     * {@code limit}; null when some of them may have left the tail already (read them from the index).
     */
    synchronized List<RecordIndex.FeedEntry> after(long after, long head, RecordQuery filter, int limit) {
        if (after < complete) return null; // checked under the same lock as the read: an eviction cannot slip in between
        List<RecordIndex.FeedEntry> out = new ArrayList<>();
        for (var e : byPosition.subMap(after, false, head, true).entrySet()) {
            if (!matches(e.getValue(), filter)) continue;
            out.add(new RecordIndex.FeedEntry(e.getKey(), e.getValue()));
            if (out.size() == limit) break;
        }
        return out;
    }

    /** How many records after {@code after} through {@code head} pass the filter; -1 when some may have left the tail. */
    synchronized long count(long after, long head, RecordQuery filter) {
        if (after < complete) return -1;
        return byPosition.subMap(after, false, head, true).values().stream().filter(r -> matches(r, filter)).count();
    }

    /** Whether the filter is one this can apply (types, devices, time), as feed readers ask. */
    static boolean applicable(RecordQuery q) {
        return q.plate() == null && q.plateColor() == null && q.vehicleColor() == null && q.vehicleClass() == null;
    }

    private static boolean matches(StructuredRecord r, RecordQuery q) {
        if (!q.types().isEmpty() && !q.types().contains(r.type())) return false;
        if (!q.deviceIds().isEmpty() && !q.deviceIds().contains(r.deviceId())) return false;
        if (q.from() != null && r.time() < q.from()) return false;
        return q.to() == null || r.time() < q.to();
    }
}
