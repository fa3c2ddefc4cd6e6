package org.vistruct.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * A dictionary of one sorted doc-value field's values (plates, devices) with dense ids that stay
 * the same for the life of the index, so analytics count and intersect ints and bitmaps rather
 * than strings. Each segment's ordinals are mapped to ids once and kept until the segment is
 * merged away (segments never change, so a mapping never goes stale). Lucene's OrdinalMap does
 * the same for one reader, but is rebuilt over all segments at every refresh; new segments arrive
 * every second here, and mapping only those is what keeps a refresh cheap.
 */
final class TermIds {
    private final String field;
    private final Map<String, Integer> ids = new HashMap<>();
    private volatile String[] names = new String[1024];
    private volatile int size;
    private final Map<IndexReader.CacheKey, int[]> segments = new ConcurrentHashMap<>();

    TermIds(String field) { this.field = field; }

    /** The id of each of the segment's ordinals (empty when the segment has no such field). */
    int[] ordinals(LeafReader leaf) throws IOException {
        IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
        IndexReader.CacheKey key = helper == null ? null : helper.getKey();
        if (key != null) {
            int[] known = segments.get(key);
            if (known != null) return known;
        }
        SortedDocValues values = DocValues.getSorted(leaf, field);
        int[] map = new int[values.getValueCount()];
        TermsEnum terms = values.termsEnum();
        synchronized (this) {
            int ord = 0;
            for (BytesRef t = terms.next(); t != null; t = terms.next()) map[ord++] = idOf(t.utf8ToString());
        }
        if (key != null && segments.putIfAbsent(key, map) == null) helper.addClosedListener(segments::remove);
        return map;
    }

    private int idOf(String name) {
        Integer id = ids.get(name);
        if (id != null) return id;
        int next = size;
        String[] n = names;
        if (next == n.length) names = n = Arrays.copyOf(n, n.length * 2);
        n[next] = name;
        ids.put(name, next);
        size = next + 1;
        return next;
    }

    /** The value with this id. */
    String name(int id) { return names[id]; }

    /** The id of a value, or -1 when no segment seen so far holds it. */
    synchronized int id(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    /** How many ids were handed out (ids are 0 to size - 1). */
    int size() { return size; }
}
