package org.vistruct.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/**
 * The record index on disk: one Lucene document per record of any type, searchable (near real
 * time) as soon as it is added, durable once committed. Faces are also found by feature similarity.
 */
public final class RecordIndex implements AutoCloseable {
    /** Candidates the HNSW search looks at, at least: more than the few results asked for keeps recall high. */
    private static final int MIN_KNN_CANDIDATES = 1000;
    private static final Sort NEWEST_FIRST = new Sort(new SortField(RecordDocuments.TIME, SortField.Type.LONG, true));
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Keeps a commit's files while a backup copies them. */
    private final org.apache.lucene.index.SnapshotDeletionPolicy snapshots =
            new org.apache.lucene.index.SnapshotDeletionPolicy(new org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy());

    public RecordIndex(Path dir) throws IOException {
        this.directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer());
        config.setIndexDeletionPolicy(snapshots);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setIndexSort(NEWEST_FIRST);
        config.setRAMBufferSizeMB(128); // fewer, larger segments: HNSW graphs are costly to merge
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /** Adds (or replaces, by id) a record; visible to the next search (which refreshes the reader). */
    public void add(StructuredRecord record) throws IOException {
        writer.updateDocument(new Term(RecordDocuments.ID, record.id()), RecordDocuments.of(record));
    }

    /** Removes a record by id (no error when there is none); gone from the next search. */
    public void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(RecordDocuments.ID, id));
    }

    /** A commit held for copying: its files stay on disk until {@link Snapshot#close()}. */
    public final class Snapshot implements AutoCloseable {
        private final org.apache.lucene.index.IndexCommit commit;

        private Snapshot(org.apache.lucene.index.IndexCommit commit) { this.commit = commit; }

        /** Copies the commit's files into an empty folder: an index that opens as it was at the commit. */
        public void copyTo(Path target) throws IOException {
            java.nio.file.Files.createDirectories(target);
            for (String f : commit.getFileNames()) java.nio.file.Files.copy(directory.getDirectory().resolve(f), target.resolve(f));
        }

        /** Walks every record of the commit. */
        public void scan(java.util.function.Consumer<StructuredRecord> visitor) throws IOException {
            try (var reader = org.apache.lucene.index.DirectoryReader.open(commit)) {
                var stored = reader.storedFields();
                var live = org.apache.lucene.index.MultiBits.getLiveDocs(reader);
                for (int d = 0; d < reader.maxDoc(); d++) if (live == null || live.get(d)) visitor.accept(RecordDocuments.toRecord(stored.document(d)));
            }
        }

        /** Records in the commit. */
        public int records() throws IOException {
            try (var reader = org.apache.lucene.index.DirectoryReader.open(commit)) {
                return reader.numDocs();
            }
        }

        @Override
        public void close() throws IOException {
            snapshots.release(commit);
            writer.deleteUnusedFiles();
        }
    }

    /** Commits, then holds that commit for copying (a consistent point in time while writes go on). */
    public Snapshot snapshot() throws IOException {
        writer.commit();
        return new Snapshot(snapshots.snapshot());
    }

    /** Makes everything added so far durable. */
    public void commit() throws IOException {
        writer.commit();
    }

    /** Records of any type matching the query, newest first. */
    public List<StructuredRecord> search(RecordQuery q) throws IOException {
        return withSearcher(s -> {
            TopDocs top = s.search(toLucene(q), q.limit(), NEWEST_FIRST);
            List<StructuredRecord> out = new ArrayList<>(top.scoreDocs.length);
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) out.add(RecordDocuments.toRecord(stored.document(sd.doc)));
            return out;
        });
    }

    /** Matches counted exactly up to this many; beyond, the total is "at least". */
    private static final int COUNT_EXACTLY_UP_TO = 10_000;

    /** One page of a search: how many records match (exactly, or at least when totalExact is false), and those from offset on. */
    public record Page(long total, boolean totalExact, List<StructuredRecord> records) {}

    /** Records matching the query from {@code offset} (at most {@code q.limit()}), newest or oldest first. */
    public Page page(RecordQuery q, int offset, boolean oldestFirst) throws IOException {
        if (offset < 0 || offset > 100_000) throw new IllegalArgumentException("offset must be 0-100000, was " + offset);
        return withSearcher(s -> {
            Query query = toLucene(q);
            Sort sort = oldestFirst ? new Sort(new SortField(RecordDocuments.TIME, SortField.Type.LONG, false)) : NEWEST_FIRST;
            // the index is sorted newest first, so a newest-first page stops early once the count is past the threshold
            TopDocs top = s.search(query, new TopFieldCollectorManager(sort, offset + q.limit(), null, COUNT_EXACTLY_UP_TO));
            List<StructuredRecord> out = new ArrayList<>();
            var stored = s.storedFields();
            for (int i = offset; i < top.scoreDocs.length; i++) out.add(RecordDocuments.toRecord(stored.document(top.scoreDocs[i].doc)));
            return new Page(top.totalHits.value(), top.totalHits.relation() == TotalHits.Relation.EQUAL_TO, out);
        });
    }

    /** Records of one type matching the query, newest first. */
    public <T extends StructuredRecord> List<T> search(RecordQuery q, Class<T> type) throws IOException {
        RecordType t = RecordType.valueOf(type.getSimpleName());
        return search(q.withTypes(java.util.Set.of(t))).stream().map(type::cast).toList();
    }

    /** Faces most like the query's feature, best first. */
    public List<FaceHit> searchFaces(FaceQuery q) throws IOException {
        return withSearcher(s -> {
            BooleanQuery.Builder filter = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(RecordDocuments.TYPE, RecordType.Face.name())), Occur.FILTER);
            addDeviceAndTime(filter, q.deviceIds(), q.from(), q.to());
            int k = Math.max(q.limit(), MIN_KNN_CANDIDATES);
            TopDocs top = s.search(new KnnFloatVectorQuery(FaceDocument.FEATURE, q.feature(), k, filter.build()), k);
            List<FaceHit> out = new ArrayList<>();
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                float cosine = 2 * sd.score - 1; // Lucene scores cosine as (1 + cos) / 2
                float similarity = Math.max(0f, Math.min(1f, cosine));
                if (similarity < q.minSimilarity() || out.size() == q.limit()) break;
                out.add(new FaceHit((Face) RecordDocuments.toRecord(stored.document(sd.doc)), similarity));
            }
            return out;
        });
    }

    /**
     * Walks every record the scan selects, in index order, handing each to the visitor; returns how
     * many. The walk reads one point-in-time view: records written meanwhile are not seen.
     */
    public long scan(RecordScan scan, java.util.function.Consumer<StructuredRecord> visitor) throws IOException {
        return withSearcher(s -> {
            long[] n = {0};
            var stored = s.storedFields();
            s.search(toLucene(scan), new org.apache.lucene.search.SimpleCollector() {
                private int base;

                @Override
                protected void doSetNextReader(org.apache.lucene.index.LeafReaderContext context) { base = context.docBase; }

                @Override
                public void collect(int doc) throws IOException {
                    visitor.accept(RecordDocuments.toRecord(stored.document(base + doc)));
                    n[0]++;
                }

                @Override
                public org.apache.lucene.search.ScoreMode scoreMode() { return org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES; }
            });
            return n[0];
        });
    }

    /** How many records the scan selects. */
    public long count(RecordScan scan) throws IOException {
        return withSearcher(s -> (long) s.count(toLucene(scan)));
    }

    /** The oldest record time the scan selects, or null when it selects none. */
    public Long oldest(RecordScan scan) throws IOException {
        return withSearcher(s -> {
            TopDocs top = s.search(toLucene(scan), 1, new Sort(new SortField(RecordDocuments.TIME, SortField.Type.LONG, false)));
            if (top.scoreDocs.length == 0) return null;
            return (Long) ((org.apache.lucene.search.FieldDoc) top.scoreDocs[0]).fields[0];
        });
    }

    /** Removes records by id; gone from the next search, durable at the next commit. */
    public void deleteAll(java.util.Collection<String> ids) throws IOException {
        List<Term> batch = new ArrayList<>(1024);
        for (String id : ids) {
            batch.add(new Term(RecordDocuments.ID, id));
            if (batch.size() == 1024) {
                writer.deleteDocuments(batch.toArray(new Term[0]));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) writer.deleteDocuments(batch.toArray(new Term[0]));
    }

    static Query toLucene(RecordScan scan) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new MatchAllDocsQuery(), Occur.FILTER);
        if (!scan.types().isEmpty()) {
            b.add(new TermInSetQuery(RecordDocuments.TYPE, scan.types().stream().map(t -> new BytesRef(t.name())).toList()), Occur.FILTER);
        }
        if (!scan.devices().isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (String p : scan.devices()) any.add(devicePattern(p), Occur.SHOULD);
            b.add(any.build(), Occur.FILTER);
        }
        for (String p : scan.exceptDevices()) b.add(devicePattern(p), Occur.MUST_NOT);
        if (scan.before() != null) b.add(LongPoint.newRangeQuery(RecordDocuments.TIME, Long.MIN_VALUE, scan.before() - 1), Occur.FILTER);
        if (scan.onlyWithScene()) b.add(new TermQuery(new Term(RecordDocuments.HAS_SCENE, "1")), Occur.FILTER);
        return b.build();
    }

    private static Query devicePattern(String p) {
        return p.endsWith("*") ? (p.length() == 1 ? new MatchAllDocsQuery() : new org.apache.lucene.search.PrefixQuery(new Term(RecordDocuments.DEVICE, p.substring(0, p.length() - 1))))
                : new TermQuery(new Term(RecordDocuments.DEVICE, p));
    }

    public StructuredRecord get(String id) throws IOException {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(RecordDocuments.ID, id)), 1);
            return top.scoreDocs.length == 0 ? null : RecordDocuments.toRecord(s.storedFields().document(top.scoreDocs[0].doc));
        });
    }

    public int count() throws IOException {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    private interface SearcherCall<T> {
        T run(IndexSearcher s) throws IOException;
    }

    private <T> T withSearcher(SearcherCall<T> call) throws IOException {
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            return call.run(s);
        } finally {
            searchers.release(s);
        }
    }

    static Query toLucene(RecordQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new MatchAllDocsQuery(), Occur.FILTER); // so a query without filters still matches everything
        if (!q.types().isEmpty()) {
            b.add(new TermInSetQuery(RecordDocuments.TYPE, q.types().stream().map(t -> new BytesRef(t.name())).toList()), Occur.FILTER);
        }
        if (q.plate() != null && !q.plate().text().equals("*")) {
            b.add(PlateQueries.of(q.plate()), Occur.FILTER);
        } else if (q.plate() != null) {
            // "*" means: any vehicle that carries a plate
            b.add(new TermQuery(new Term(RecordDocuments.TYPE, RecordType.MotorVehicle.name())), Occur.FILTER);
            b.add(new TermQuery(new Term(MotorVehicleDocument.PLATE, MotorVehicle.NO_PLATE)), Occur.MUST_NOT);
        }
        if (q.plateColor() != null) {
            b.add(new TermQuery(new Term(MotorVehicleDocument.PLATE_COLOR, Integer.toString(q.plateColor().code()))), Occur.FILTER);
        }
        if (q.vehicleColor() != null) {
            b.add(new TermQuery(new Term(MotorVehicleDocument.VEHICLE_COLOR, Integer.toString(q.vehicleColor().code()))), Occur.FILTER);
        }
        if (q.vehicleClass() != null) {
            b.add(new TermQuery(new Term(MotorVehicleDocument.VEHICLE_CLASS, q.vehicleClass().code())), Occur.FILTER);
        }
        addDeviceAndTime(b, q.deviceIds(), q.from(), q.to());
        return b.build();
    }

    private static void addDeviceAndTime(BooleanQuery.Builder b, java.util.Set<String> devices, Long from, Long to) {
        if (!devices.isEmpty()) {
            b.add(new TermInSetQuery(RecordDocuments.DEVICE, devices.stream().map(BytesRef::new).toList()), Occur.FILTER);
        }
        if (from != null || to != null) {
            long lo = from == null ? Long.MIN_VALUE : from;
            long hi = to == null ? Long.MAX_VALUE : to - 1;
            b.add(LongPoint.newRangeQuery(RecordDocuments.TIME, lo, hi), Occur.FILTER);
        }
    }

    @Override
    public void close() throws IOException {
        try (directory; writer; searchers) {
            writer.commit();
        }
    }
}
