package org.vistruct.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last final records written (with how many pictures each names), so that a second
 * copy of an object arriving before the index's view is refreshed, or while the first waits in the
 * spool, is still known as held. Bounded: the oldest ids drop out, by then searchable in the index.
 */
final class RecentFinals {
    private final Map<String, Integer> pictures;

    RecentFinals(int capacity) {
        this.pictures = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) { return size() > capacity; }
        };
    }

    synchronized void add(String id, int pictureCount) { pictures.put(id, pictureCount); }

    /** The picture count of a recent final record, or null when it is not recent. */
    synchronized Integer pictures(String id) { return pictures.get(id); }
}
