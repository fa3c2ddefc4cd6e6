package org.vistruct.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/**
 * The embedded index's pass view: the columns are doc values (the plate and {@code _dev} sorted,
 * {@code _time} and {@code _pass} numeric) read segment by segment with the search's own query; a
 * ref is the segment and document. It holds a searcher until closed.
 */
final class ColumnPassView implements PassView {
    /** The doc-value columns vehicle passes carry besides the plate (PlateNo) and the time (_time): the device, and the attributes packed in one number. */
    static final String DEVICE = "_dev", ATTRIBUTES = "_pass";
    private final IndexSearcher searcher;
    private final Runnable release;
    private final TermIds plates, devices;
    private final ColumnCoverage coverage;

    ColumnPassView(IndexSearcher searcher, Runnable release, TermIds plates, TermIds devices, ColumnCoverage coverage) {
        this.coverage = coverage;
        this.searcher = searcher;
        this.release = release;
        this.plates = plates;
        this.devices = devices;
    }

    /**
     * Hands every vehicle pass matching the filter (its type set is ignored: only vehicle passes have the columns) to the visitor; returns how many.
     * Passes written before these columns existed are not seen (see {@link #uncolumned}). A visitor may stop
     * the scan by throwing.
     */
    @Override
    public long scan(RecordQuery filter, Visitor visitor) throws IOException {
        Query q = RecordIndex.toLucene(filter.withTypes(java.util.Set.of()));
        Weight w = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        long n = 0;
        for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(ctx);
            if (scorer == null) continue;
            LeafReader leaf = ctx.reader();
            int[] plateIds = plates.ordinals(leaf), deviceIds = devices.ordinals(leaf);
            SortedDocValues plate = DocValues.getSorted(leaf, PlateQueries.PLATE), device = DocValues.getSorted(leaf, DEVICE);
            NumericDocValues time = DocValues.getNumeric(leaf, RecordDocuments.TIME), attributes = DocValues.getNumeric(leaf, ATTRIBUTES);
            Bits live = leaf.getLiveDocs();
            long base = (long) ctx.ord << 32;
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                if (!attributes.advanceExact(doc) || !device.advanceExact(doc) || !plate.advanceExact(doc) || !time.advanceExact(doc)) continue;
                visitor.pass(plateIds[plate.ordValue()], deviceIds[device.ordValue()], time.longValue(), attributes.longValue(), base | doc);
                n++;
            }
        }
        return n;
    }

    /** Vehicle passes in the time range that have no columns (indexed by a version before analytics); 0 on an index written since. */
    @Override
    public long uncolumned(Long from, Long to) throws IOException {
        RecordQuery q = new RecordQuery(null, null, null, null, null, from, to, 1, java.util.Set.of(RecordType.MotorVehicle));
        org.apache.lucene.search.BooleanQuery.Builder b = new org.apache.lucene.search.BooleanQuery.Builder();
        b.add(RecordIndex.toLucene(q), org.apache.lucene.search.BooleanClause.Occur.FILTER);
        b.add(new org.apache.lucene.search.FieldExistsQuery(ATTRIBUTES), org.apache.lucene.search.BooleanClause.Occur.MUST_NOT);
        Weight w = null;
        long n = 0;
        for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
            if (!coverage.lacksColumns(ctx.reader())) continue; // counted once per segment: most hold none
            if (w == null) w = searcher.createWeight(searcher.rewrite(b.build()), ScoreMode.COMPLETE_NO_SCORES, 1f);
            Scorer s = w.scorer(ctx);
            if (s == null) continue;
            Bits live = ctx.reader().getLiveDocs();
            DocIdSetIterator it = s.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) if (live == null || live.get(doc)) n++;
        }
        return n;
    }

    /** The records behind passes of this view, in the order asked (read in index order, one stored-fields reader per segment). */
    @Override
    public List<MotorVehicle> records(long[] refs) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Integer[] order = new Integer[refs.length];
        for (int i = 0; i < refs.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Long.compare(refs[a], refs[b]));
        MotorVehicle[] out = new MotorVehicle[refs.length];
        int leaf = -1;
        org.apache.lucene.index.StoredFields stored = null;
        for (int i : order) {
            int l = (int) (refs[i] >>> 32);
            if (l != leaf) {
                leaf = l;
                stored = leaves.get(l).reader().storedFields();
            }
            out[i] = (MotorVehicle) RecordDocuments.toRecord(stored.document((int) refs[i]));
        }
        return java.util.Arrays.asList(out);
    }

    @Override
    public String plate(int id) { return plates.name(id); }

    /** The id of a plate, or -1 when no pass carries it. */
    @Override
    public int plateId(String plate) { return plates.id(plate); }

    @Override
    public String device(int id) { return devices.name(id); }

    /** The id of a device, or -1 when no pass was seen at it. */
    @Override
    public int deviceId(String device) { return devices.id(device); }

    /** Plate ids run from 0 to this, less one: every plate in this view has an id below it (for sizing per-plate arrays). */
    @Override
    public int plateIds() throws IOException {
        for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) plates.ordinals(ctx.reader());
        return plates.size();
    }

    /** Device ids run from 0 to this, less one, for every device in this view. */
    @Override
    public int deviceIds() throws IOException {
        for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) devices.ordinals(ctx.reader());
        return devices.size();
    }

    @Override
    public void close() { release.run(); }
}
