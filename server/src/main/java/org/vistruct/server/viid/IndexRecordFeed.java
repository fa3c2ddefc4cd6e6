package org.vistruct.server.viid;

import java.io.IOException;
import org.vistruct.gat1400.RecordFeed;
import org.vistruct.gat1400.RecordFinder;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordStore;
import org.vistruct.index.RecordQuery;
import org.vistruct.core.StructuredRecord;

/** The record feed and GA/T 1400 queries over the record index (the feed's positions are its journal sequences). */
final class IndexRecordFeed implements RecordFeed, RecordFinder {
    private final RecordStore index;

    IndexRecordFeed(RecordStore index) { this.index = index; }

    @Override
    public long head() { return index.feedHead(); }

    @Override
    public Batch after(long after, Filter f, int limit) throws IOException {
        RecordStore.FeedPage page = index.feed(after, query(f), limit);
        return new Batch(page.entries().stream().map(e -> new Entry(e.position(), e.record())).toList(), page.next());
    }

    @Override
    public long count(long after, Filter f) throws IOException { return index.feedCount(after, query(f)); }

    private static RecordQuery query(Filter f) {
        return new RecordQuery(null, null, null, null, f.devices(), f.from(), f.to(), 1, f.types());
    }

    @Override
    public Page find(Query q) throws IOException {
        RecordQuery rq = new RecordQuery(q.plate() == null ? null : new PlatePattern(q.plate()), q.plateColor(), q.vehicleColor(), q.vehicleClass(), q.devices(),
                q.from(), q.to(), q.limit(), java.util.Set.of(q.type()));
        RecordStore.Page page = index.page(rq, q.offset(), false);
        return new Page(page.total(), page.records());
    }

    @Override
    public StructuredRecord get(String id) throws IOException { return index.get(id); }
}
