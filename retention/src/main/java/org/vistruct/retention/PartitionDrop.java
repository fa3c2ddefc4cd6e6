package org.vistruct.retention;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.PictureStore;
import org.vistruct.index.RecordStore;
import org.vistruct.metadata.HoldTable;

/**
 * Drops whole partitions of the store (a search cluster's monthly indices) whose every record has
 * expired and none is held: one index deletion instead of a deletion per record, and the month's
 * disk and shards freed at once. A partition qualifies when the records its groups find due in it add
 * up to all it holds (groups of one type never overlap), no open hold names a record of its time,
 * and a walk of it meets no held record and no newcomer. The pictures of its records are listed into a file first (a city's month is millions
 * of keys), the partition dropped, then the pictures deleted from the file: index first, objects
 * second, so a crash in between leaves only orphans, which the sweep removes.
 */
final class PartitionDrop {
    private static final Logger log = LoggerFactory.getLogger(PartitionDrop.class);
    private static final int BATCH = 10_000;

    /** What dropping one partition did. */
    record Dropped(String partition, Map<String, Long> byGroup, long pictures) {}

    private final RecordStore index;
    private final PictureStore pictures;
    private final HoldTable holds;

    PartitionDrop(RecordStore index, PictureStore pictures, HoldTable holds) {
        this.index = index;
        this.pictures = pictures;
        this.holds = holds;
    }

    List<Dropped> run(List<RetentionPolicy.Group> groups, Set<String> held, long now) throws IOException {
        List<Dropped> out = new ArrayList<>();
        for (RecordStore.Partition p : index.partitions()) {
            if (p.end() > now || p.records() == 0 && p.end() > now - 86_400_000L) continue; // still written to (or just over)
            Map<String, Long> due = new LinkedHashMap<>();
            long sum = 0;
            for (RetentionPolicy.Group g : groups) {
                if (g.key().equals(RetentionPolicy.SCENE)) continue;
                long n = index.count(g.scan(now), p.name());
                if (n > 0) due.merge(g.key(), n, Long::sum);
                sum += n;
            }
            if (sum != p.records()) continue; // some of it is kept: record by record
            // a hold on a record of that time keeps the month (the walk below is the exact check; this spares walking a month that cannot go)
            if (holds.countOpenBetween(p.start(), p.end()) > 0) continue;
            Dropped d = drop(p, due, held);
            if (d != null) out.add(d);
        }
        return out;
    }

    private Dropped drop(RecordStore.Partition p, Map<String, Long> due, Set<String> held) throws IOException {
        Path keys = Files.createTempFile("vistruct-drop-" + p.name(), ".keys");
        try {
            long[] seen = {0}, keyCount = {0};
            boolean[] holds = {false};
            try (BufferedWriter w = Files.newBufferedWriter(keys, StandardCharsets.UTF_8)) {
                index.scan(org.vistruct.index.RecordScan.all(), p.name(), r -> {
                    seen[0]++;
                    if (held.contains(r.id())) holds[0] = true;
                    try {
                        for (String k : r.pictureKeys()) {
                            w.write(k);
                            w.newLine();
                            keyCount[0]++;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (holds[0]) {
                log.info("retention: {} has held records; its expired records are removed one by one", p.name());
                return null;
            }
            if (seen[0] != p.records() || index.count(org.vistruct.index.RecordScan.all(), p.name()) != p.records()) {
                log.info("retention: {} changed while it was read; looked at again next run", p.name());
                return null;
            }
            index.dropPartition(p.name());
            try (BufferedReader r = Files.newBufferedReader(keys, StandardCharsets.UTF_8)) {
                List<String> batch = new ArrayList<>(BATCH);
                for (String k; (k = r.readLine()) != null; ) {
                    batch.add(k);
                    if (batch.size() == BATCH) {
                        pictures.delete(batch);
                        batch.clear();
                    }
                }
                pictures.delete(batch);
            }
            log.info("retention: dropped {} whole ({} records, all expired: {}; {} pictures deleted)", p.name(), p.records(), due, keyCount[0]);
            return new Dropped(p.name(), due, keyCount[0]);
        } finally {
            Files.deleteIfExists(keys);
        }
    }
}
