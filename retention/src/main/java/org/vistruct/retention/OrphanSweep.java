package org.vistruct.retention;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.vistruct.core.PictureStore;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordStore;
import org.vistruct.index.RecordScan;

/**
 * Proves the index and the object store agree: every picture key a record names exists (no
 * dangling key), and every stored picture belongs to a record or to something else that names it
 * (no orphan object). Orphans older than a grace period (pictures are stored before their record
 * is indexed, so a young picture may be on its way) can be deleted.
 *
 * <p>Memory stays bounded whatever the store's size: pictures are listed once, each looked up by
 * the record id in its key; records are walked once, each key checked against the listing of its
 * hour folder ({@code device/yyyy/MM/dd/HH/}), a few hundred of which are cached.
 */
public final class OrphanSweep {
    /** What the sweep found (and removed). */
    public record Report(long objects, long records, long orphanObjects, long danglingKeys, long orphansDeleted, List<String> orphanSamples,
                         List<String> danglingSamples) {}

    private final RecordStore index;
    private final PictureStore pictures;
    private final Predicate<String> referencedElsewhere;

    /**
     * @param referencedElsewhere keys that belong to something other than a record (watch-list photos)
     */
    public OrphanSweep(RecordStore index, PictureStore pictures, Predicate<String> referencedElsewhere) {
        this.index = index;
        this.pictures = pictures;
        this.referencedElsewhere = referencedElsewhere;
    }

    /**
     * @param deleteOlderThanMs delete orphans last modified before this time (null: report only)
     */
    public Report run(Long deleteOlderThanMs) throws IOException {
        long[] objects = {0};
        List<String> orphans = new ArrayList<>(), orphanKeysToDelete = new ArrayList<>();
        long[] orphanCount = {0};
        IOException[] failure = {null};
        pictures.list("", o -> {
            objects[0]++;
            if (referencedElsewhere.test(o.key())) return;
            String id = recordIdOf(o.key());
            StructuredRecord r;
            try {
                r = id == null ? null : index.get(id);
            } catch (IOException e) {
                failure[0] = e;
                return;
            }
            if (r != null && r.pictureKeys().contains(o.key())) return;
            orphanCount[0]++;
            if (orphans.size() < 20) orphans.add(o.key());
            if (deleteOlderThanMs != null && o.lastModifiedMs() < deleteOlderThanMs) orphanKeysToDelete.add(o.key());
        });
        if (failure[0] != null) throw failure[0];
        long deletedOrphans = 0;
        if (!orphanKeysToDelete.isEmpty()) {
            pictures.delete(orphanKeysToDelete);
            deletedOrphans = orphanKeysToDelete.size();
        }
        // every key of every record: listed folder by folder, a few hundred folders cached
        Map<String, Set<String>> folders = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> e) { return size() > 512; }
        };
        long[] records = {0}, dangling = {0};
        List<String> danglingSamples = new ArrayList<>();
        index.scan(RecordScan.all(), r -> {
            records[0]++;
            for (String k : r.pictureKeys()) {
                String folder = k.substring(0, k.lastIndexOf('/') + 1);
                Set<String> present = folders.computeIfAbsent(folder, f -> {
                    Set<String> keys = new HashSet<>();
                    try {
                        pictures.list(f, o -> keys.add(o.key()));
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                    return keys;
                });
                if (!present.contains(k)) {
                    dangling[0]++;
                    if (danglingSamples.size() < 20) danglingSamples.add(r.id() + " → " + k);
                }
            }
        });
        if (failure[0] != null) throw failure[0];
        return new Report(objects[0], records[0], orphanCount[0], dangling[0], deletedOrphans, orphans, danglingSamples);
    }

    /** The record id in {@code device/yyyy/MM/dd/HH/<record id>-<kind>.jpg}, or null when the key is not of that form. */
    static String recordIdOf(String key) {
        int slash = key.lastIndexOf('/'), dash = key.lastIndexOf('-');
        return slash < 0 || dash <= slash + 1 ? null : key.substring(slash + 1, dash);
    }
}
