package org.vistruct.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.PictureStore;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordStore;
import org.vistruct.metadata.HoldTable;

/**
 * One pass of retention: for each group of the policy, the records past their time and not held
 * are removed from the index and committed, then their pictures are deleted; scene pictures past
 * their own time are deleted after their records were rewritten without them. Index first, objects
 * second (a partition whose records all expired is dropped whole first: {@link PartitionDrop}): a crash in between leaves only pictures without a record, which the orphan sweep finds
 * and removes; never a record pointing at a deleted picture.
 */
public final class RetentionRun {
    private static final Logger log = LoggerFactory.getLogger(RetentionRun.class);
    private static final int BATCH = 10_000;

    /** What a run did. */
    public record Report(Map<String, Long> recordsExpired, long scenesExpired, long picturesDeleted, long heldKept, long legalHoldsSet, long elapsedMs,
                         List<String> partitionsDropped) {
        public long records() { return recordsExpired.values().stream().mapToLong(Long::longValue).sum(); }
    }

    private final RecordStore index;
    private final PictureStore pictures;
    private final HoldTable holds;
    private final EvidenceHolds evidence;
    private final RetentionPolicy policy;

    public RetentionRun(RecordStore index, PictureStore pictures, HoldTable holds, EvidenceHolds evidence, RetentionPolicy policy) {
        this.index = index;
        this.pictures = pictures;
        this.holds = holds;
        this.evidence = evidence;
        this.policy = policy;
    }

    /** The work of one group, flushed in batches. */
    private final class Batch {
        final boolean scene;
        final List<String> ids = new ArrayList<>(), keys = new ArrayList<>();
        final List<StructuredRecord> rewritten = new ArrayList<>();
        long records, pictureCount, held;

        Batch(boolean scene) { this.scene = scene; }

        void take(StructuredRecord r) {
            if (scene) {
                rewritten.add(r.withoutScene());
                keys.add(r.sceneKey());
            } else {
                ids.add(r.id());
                keys.addAll(r.pictureKeys());
            }
            if (ids.size() + rewritten.size() >= BATCH) flush();
        }

        /** Index changes committed first, then the pictures deleted. */
        void flush() {
            if (ids.isEmpty() && rewritten.isEmpty()) return;
            try {
                index.deleteAll(ids);
                for (StructuredRecord r : rewritten) index.rewrite(r);
                index.commit();
                pictures.delete(keys);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            records += ids.size() + rewritten.size();
            pictureCount += keys.size();
            ids.clear();
            rewritten.clear();
            keys.clear();
        }
    }

    public Report run(long now) throws IOException {
        long t0 = System.currentTimeMillis();
        Set<String> held = holds.heldRecordIds(null);
        Map<String, Long> expired = new LinkedHashMap<>();
        long scenes = 0, deleted = 0, kept = 0;
        // whole months first (a search cluster's monthly indices): what is left of them goes record by record below
        List<String> dropped = new ArrayList<>();
        for (PartitionDrop.Dropped d : new PartitionDrop(index, pictures, holds).run(policy.groups(), held, now)) {
            dropped.add(d.partition());
            d.byGroup().forEach((k, n) -> expired.merge(k, n, Long::sum));
            deleted += d.pictures();
        }
        for (RetentionPolicy.Group g : policy.groups()) {
            Batch b = new Batch(g.key().equals(RetentionPolicy.SCENE));
            try {
                // the walk reads one point-in-time view, so changing the index while it runs is safe
                index.scan(g.scan(now), r -> {
                    if (held.contains(r.id())) b.held++;
                    else b.take(r);
                });
                b.flush();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (b.scene) scenes += b.records;
            else if (b.records > 0) expired.merge(g.key(), b.records, Long::sum);
            deleted += b.pictureCount;
            if (!b.scene) kept += b.held; // a held record is counted once, not again for its scene
        }
        long locks = evidence == null ? 0 : evidence.reconcile();
        Report rep = new Report(expired, scenes, deleted, kept, locks, System.currentTimeMillis() - t0, dropped);
        if (rep.records() > 0 || rep.scenesExpired() > 0 || locks > 0) {
            log.info("retention: {} records expired {}, {} scene pictures expired, {} pictures deleted, {} held records kept, {} legal holds set, "
                    + "whole partitions dropped {}, {} ms", rep.records(), rep.recordsExpired(), rep.scenesExpired(), rep.picturesDeleted(), rep.heldKept(),
                    locks, dropped, rep.elapsedMs());
        }
        return rep;
    }
}
