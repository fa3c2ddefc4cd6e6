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
 * time) as soon as it is added. Opened with a journal ({@link #durable}), a record is also durable
 * when {@link #add} returns: it is forced into the write-ahead journal before the index takes it,
 * every commit names the last journal entry it holds, and opening the index applies what came
 * after (so a killed process loses nothing that was ever visible). Without a journal (derived
 * indexes) a record is durable once committed. Faces are also found by feature similarity.
 *
 * <p>Writes carry a version (a provisional record 1, its final form 2): replays never put an
 * older version over a newer one. When the writer dies (a full disk), searches go on with the
 * last view, and {@link #recover()} reopens it from the last commit and the journal.
 */
public final class RecordIndex implements RecordStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecordIndex.class);
    /** Candidates the HNSW search looks at, at least: more than the few results asked for keeps recall high. */
    private static final int MIN_KNN_CANDIDATES = 1000;
    private static final Sort NEWEST_FIRST = new Sort(new SortField(RecordDocuments.TIME, SortField.Type.LONG, true));
    private static final String JOURNAL_SEQ = "journalSeq";
    private final FSDirectory directory;
    private final RecordJournal journal;
    private volatile IndexWriter writer;
    private volatile SearcherManager searchers;
    /** Writes share it; recovery takes it alone while it swaps the writer. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock state = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Journal entries written but not yet in the index: a commit may only claim what is below all of them. */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> inflight = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final RecordCodec codec = new RecordCodec();
    private volatile long replayed;
    /** Keeps a commit's files while a backup copies them. */
    private final org.apache.lucene.index.SnapshotDeletionPolicy snapshots =
            new org.apache.lucene.index.SnapshotDeletionPolicy(new org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy());

    /** An index without a journal: durable once committed (derived indexes, tests, benchmarks). */
    public RecordIndex(Path dir) throws IOException {
        this(dir, null);
    }

    private RecordIndex(Path dir, Path journalDir) throws IOException {
        this(dir, journalDir, 20_000);
    }

    private RecordIndex(Path dir, Path journalDir, int feedTail) throws IOException {
        this.tail = new FeedTail(feedTail);
        this.directory = FSDirectory.open(dir);
        this.journal = journalDir == null ? null : new RecordJournal(journalDir);
        try {
            openWriter();
        } catch (IOException | RuntimeException e) {
            if (journal != null) journal.close();
            directory.close();
            throw e;
        }
    }

    /** The index of a data directory: every record forced into the journal before it is visible, replayed when opened. */
    public static RecordIndex durable(Path dir, Path journalDir) throws IOException {
        return new RecordIndex(dir, journalDir);
    }

    /** As {@link #durable}, holding only the given number of the newest final records in memory for feed readers (tests). */
    static RecordIndex durable(Path dir, Path journalDir, int feedTail) throws IOException {
        return new RecordIndex(dir, journalDir, feedTail);
    }

    /** Opens the writer on the last commit and applies the journal entries after it. */
    private void openWriter() throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer());
        config.setIndexDeletionPolicy(snapshots);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setIndexSort(NEWEST_FIRST);
        config.setRAMBufferSizeMB(128); // fewer, larger segments: HNSW graphs are costly to merge
        IndexWriter w = new IndexWriter(directory, config);
        try {
            if (journal != null) {
                long committed = committedSeq(w);
                journal.continueAfter(committed);
                long[] applied = {committed};
                long n = journal.replay(committed, (seq, payload) -> {
                    RecordCodec.Versioned v = codec.decode(payload);
                    if (v.deleted()) w.deleteDocuments(new Term(RecordDocuments.ID, v.id()));
                    else w.updateDocument(new Term(RecordDocuments.ID, v.record().id()), RecordDocuments.of(v.record(), v.version(), feedPosition(v, seq)));
                    applied[0] = seq;
                });
                if (n > 0) {
                    w.setLiveCommitData(java.util.Map.of(JOURNAL_SEQ, Long.toString(applied[0])).entrySet());
                    w.commit();
                    replayed += n;
                    log.warn("index {}: {} journal entries after the last commit applied (the process had stopped without committing them)",
                            directory.getDirectory(), n);
                }
                journal.truncateThrough(applied[0]);
            }
            this.writer = w;
            this.searchers = new SearcherManager(w, null);
            tail.reset(journal == null ? 0 : journal.lastSeq()); // all of it visible to the searcher just opened
        } catch (IOException | RuntimeException e) {
            w.rollback();
            throw e;
        }
    }

    private static long committedSeq(IndexWriter w) {
        for (var e : w.getLiveCommitData()) if (e.getKey().equals(JOURNAL_SEQ)) return Long.parseLong(e.getValue());
        return 0;
    }

    /** Journal entries a restart applied since this index was opened (or recovered). */
    public long replayed() { return replayed; }

    /** Adds (or replaces) a record with a version; durable (journaled) and visible when this returns. */
    public void add(StructuredRecord record, int version) throws IOException {
        write(codec.encode(record, version), (w, seq) -> {
            w.updateDocument(new Term(RecordDocuments.ID, record.id()), RecordDocuments.of(record, version, version >= FINAL ? seq : 0));
            if (journal == null) return;
            if (version >= FINAL) tail.put(seq, record); // before the entry stops being in flight: readers never pass it
            else tail.remove(record.id());
        });
    }

    /**
     * Writes a changed record in place (maintenance, such as retention dropping its scene picture):
     * it keeps its version and its place in the feed, so subscribers are not sent it again.
     */
    public void rewrite(StructuredRecord record) throws IOException {
        maintenance.lock();
        try {
            rewriteHeld(record);
        } finally {
            maintenance.unlock();
        }
    }

    /** Serialises rewrites in place (retention's, the columns' upgrade), so neither puts back what the other changed. */
    private final java.util.concurrent.locks.ReentrantLock maintenance = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Gives the analytics columns to vehicle passes indexed by a version before them, in batches of
     * 1,000, keeping each record's version and place in the feed (journaled like any write); returns
     * how many were rewritten. Safe to run while writes go on.
     */
    public long addMissingColumns() throws IOException {
        long n = 0;
        while (true) {
            maintenance.lock();
            try {
                if (healthy()) searchers.maybeRefreshBlocking();
                boolean any = withSearcher(s -> {
                    for (var leaf : s.getIndexReader().leaves()) if (coverage.lacksColumns(leaf.reader())) return true;
                    return false;
                });
                if (!any) return n; // an index written since has none: no walk over its vehicles at every start
                org.apache.lucene.search.BooleanQuery.Builder b = new org.apache.lucene.search.BooleanQuery.Builder();
                b.add(new TermQuery(new Term(RecordDocuments.TYPE, RecordType.MotorVehicle.name())), Occur.FILTER);
                b.add(new org.apache.lucene.search.FieldExistsQuery(ColumnPassView.ATTRIBUTES), Occur.MUST_NOT);
                Query q = b.build();
                List<long[]> kept = new ArrayList<>();
                List<StructuredRecord> batch = withSearcher(s -> {
                    List<StructuredRecord> out = new ArrayList<>();
                    var stored = s.storedFields();
                    for (ScoreDoc sd : s.search(q, 1000).scoreDocs) {
                        var d = stored.document(sd.doc);
                        var v = d.getField(RecordDocuments.VERSION);
                        var f = d.getField(RecordDocuments.FEED);
                        out.add(RecordDocuments.toRecord(d));
                        kept.add(new long[] {v == null ? FINAL : v.numericValue().intValue(), f == null ? 0 : f.numericValue().longValue()});
                    }
                    return out;
                });
                if (batch.isEmpty()) return n;
                for (int i = 0; i < batch.size(); i++) {
                    StructuredRecord r = batch.get(i);
                    int version = (int) kept.get(i)[0];
                    long feed = kept.get(i)[1];
                    write(codec.encode(r, version, feed), (w, seq) -> w.updateDocument(new Term(RecordDocuments.ID, r.id()), RecordDocuments.of(r, version, feed)));
                }
                n += batch.size();
            } finally {
                maintenance.unlock();
            }
        }
    }

    private void rewriteHeld(StructuredRecord record) throws IOException {
        if (healthy()) searchers.maybeRefreshBlocking(); // the record may have been written a moment ago: its version and place must be read, not guessed
        long[] kept = withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(RecordDocuments.ID, record.id())), 1);
            if (top.scoreDocs.length == 0) return new long[] {FINAL, 0};
            var d = s.storedFields().document(top.scoreDocs[0].doc);
            var v = d.getField(RecordDocuments.VERSION);
            var f = d.getField(RecordDocuments.FEED);
            return new long[] {v == null ? FINAL : v.numericValue().intValue(), f == null ? 0 : f.numericValue().longValue()};
        });
        int version = (int) kept[0];
        long feed = kept[1];
        write(codec.encode(record, version, feed), (w, seq) -> {
            w.updateDocument(new Term(RecordDocuments.ID, record.id()), RecordDocuments.of(record, version, feed));
            tail.replace(record);
        });
    }

    /** A replayed entry's place in the feed: the one it kept, else its own sequence when it is final. */
    private static long feedPosition(RecordCodec.Versioned v, long seq) {
        if (v.feedPosition() >= 0) return v.feedPosition();
        return v.version() >= FINAL ? seq : 0;
    }

    /**
     * Adds a record unless the index holds a newer version of it (replays of spooled records: an
     * older provisional record never replaces the final one). Returns whether it was written.
     */
    public boolean addIfNewer(StructuredRecord record, int version) throws IOException {
        Integer existing = versionOf(record.id());
        if (existing != null && existing > version) return false;
        add(record, version);
        return true;
    }

    /** The version of the record with this id, or null when there is none (0 for records written before versions). */
    public Integer versionOf(String id) throws IOException {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(RecordDocuments.ID, id)), 1);
            if (top.scoreDocs.length == 0) return null;
            var f = s.storedFields().document(top.scoreDocs[0].doc).getField(RecordDocuments.VERSION);
            return f == null ? 0 : f.numericValue().intValue();
        });
    }

    /**
     * As {@link #versionOf}, for checks made at every write (is this pushed object already held?): on
     * the current view, without refreshing it, since refreshing between each of a stream of writes
     * makes a new index segment per record, and writers waiting for one another's refresh stall
     * together. A record written since the last refresh (at most 100 ms ago while anyone reads the
     * feed) may not be seen: the caller keeps what it wrote a moment ago.
     */
    public Integer versionInView(String id) throws IOException {
        if (!healthy()) return versionOf(id);
        return withCurrentSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(RecordDocuments.ID, id)), 1);
            if (top.scoreDocs.length == 0) return null;
            var f = s.storedFields().document(top.scoreDocs[0].doc).getField(RecordDocuments.VERSION);
            return f == null ? 0 : f.numericValue().intValue();
        });
    }

    /** Removes a record by id (no error when there is none); gone from the next search, durable when this returns. */
    public void delete(String id) throws IOException {
        write(codec.encodeDeletion(id), (w, seq) -> {
            w.deleteDocuments(new Term(RecordDocuments.ID, id));
            tail.remove(id);
        });
    }

    private interface WriterOp {
        /** @param seq the entry's journal sequence (0 without a journal) */
        void run(IndexWriter w, long seq) throws IOException;
    }

    /** Journals (when there is a journal), then applies to the index; the entry counts as in flight until applied. */
    private void write(byte[] entry, WriterOp op) throws IOException {
        state.readLock().lock();
        try {
            IndexWriter w = writer;
            if (journal == null) {
                op.run(w, 0);
                return;
            }
            if (w.getTragicException() != null) throw dead(w);
            long seq = journal.append(entry, inflight::add);
            try {
                op.run(w, seq);
            } finally {
                inflight.remove(seq);
            }
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            throw dead(writer);
        } finally {
            state.readLock().unlock();
        }
    }

    private IOException dead(IndexWriter w) {
        Throwable t = w.getTragicException();
        return new IOException("the index writer stopped (" + (t == null ? "closed" : t.getMessage()) + "); what was acknowledged is in the journal and "
                + "comes back when the index recovers", t);
    }

    /** Whether the writer is alive (it dies on a failed write such as a full disk). */
    public boolean healthy() {
        IndexWriter w = writer;
        return w.isOpen() && w.getTragicException() == null;
    }

    @Override
    public String failure() {
        if (healthy()) return null;
        Throwable t = writer.getTragicException();
        return "the index writer stopped (" + (t == null ? "closed" : t.getMessage()) + "; a full disk?); it is reopened when there is room";
    }

    /**
     * Reopens a dead writer from the last commit and the journal (nothing acknowledged is lost);
     * does nothing when it is alive. Fails (to be tried again) while the cause, e.g. a full disk, lasts.
     */
    public void recover() throws IOException {
        if (healthy()) return;
        state.writeLock().lock();
        try {
            if (healthy()) return;
            IndexWriter old = writer;
            log.warn("index {}: the writer stopped ({}); reopening it from the last commit and the journal", directory.getDirectory(),
                    old.getTragicException() == null ? "closed" : old.getTragicException().getMessage());
            try {
                old.rollback();
            } catch (IOException | RuntimeException ignored) {
                // already closed by its tragedy
            }
            SearcherManager oldSearchers = searchers, oldView = lastCommitView;
            openWriter();
            lastCommitView = null;
            for (SearcherManager m : new SearcherManager[] {oldSearchers, oldView}) {
                try {
                    if (m != null) m.close();
                } catch (IOException | RuntimeException ignored) {
                    // it belonged to the dead writer
                }
            }
            log.warn("index {}: writer recovered", directory.getDirectory());
        } finally {
            state.writeLock().unlock();
        }
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

    private final TermIds plateIds = new TermIds(PlateQueries.PLATE), deviceIds = new TermIds(ColumnPassView.DEVICE);
    private final ColumnCoverage coverage = new ColumnCoverage();

    /**
     * A view of vehicle passes as columns, for analytics, on the current state of the index (refreshed
     * when it is older than a write); close it when done.
     */
    public PassView passes() throws IOException {
        SearcherManager m = searchers;
        if (!healthy()) {
            m = lastCommitView();
        } else {
            try {
                m.maybeRefresh();
            } catch (org.apache.lucene.store.AlreadyClosedException | IOException e) {
                // it died just now: the view it had
            }
        }
        SearcherManager owner = m;
        IndexSearcher s = m.acquire();
        return new ColumnPassView(s, () -> {
            try {
                owner.release(s);
            } catch (IOException e) {
                log.warn("releasing an analytics view: {}", e.getMessage());
            }
        }, plateIds, deviceIds, coverage);
    }

    /** Commits, then holds that commit for copying (a consistent point in time while writes go on). */
    public Snapshot snapshot() throws IOException {
        commit();
        return new Snapshot(snapshots.snapshot());
    }

    /**
     * Makes everything added so far part of the index's own files; the journal entries it holds are
     * dropped. With a journal, what was added is durable already: this only bounds the replay.
     */
    public void commit() throws IOException {
        state.readLock().lock();
        try {
            IndexWriter w = writer;
            if (journal == null) {
                w.commit();
                return;
            }
            // every entry up to the last one written, and below the oldest still in flight, is in the index
            // (last read first: an entry appended after it is beyond it; one appended before is in flight or applied)
            long last = journal.lastSeq();
            Long oldest = inflight.ceiling(Long.MIN_VALUE);
            long upTo = Math.max(oldest == null ? last : Math.min(last, oldest - 1), committedSeq(w));
            w.setLiveCommitData(java.util.Map.of(JOURNAL_SEQ, Long.toString(upTo)).entrySet());
            w.commit();
            journal.truncateThrough(upTo);
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            throw dead(writer);
        } finally {
            state.readLock().unlock();
        }
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
        // not journaled: its callers (retention, job resumption) commit right after, and a delete lost to a crash is simply done again
        state.readLock().lock();
        try {
            IndexWriter w = writer;
            List<Term> batch = new ArrayList<>(1024);
            for (String id : ids) {
                batch.add(new Term(RecordDocuments.ID, id));
                if (batch.size() == 1024) {
                    w.deleteDocuments(batch.toArray(new Term[0]));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) w.deleteDocuments(batch.toArray(new Term[0]));
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            throw dead(writer);
        } finally {
            state.readLock().unlock();
        }
    }

    /** Records analysed from a source file at or after an offset (a job resumed from there writes them again). */
    public List<StructuredRecord> fromSource(String sourceFile, long fromOffsetMs) throws IOException {
        return withSearcher(s -> {
            BooleanQuery q = new BooleanQuery.Builder().add(new TermQuery(new Term(RecordDocuments.SOURCE, sourceFile)), Occur.FILTER)
                    .add(LongPoint.newRangeQuery(RecordDocuments.OFFSET, fromOffsetMs, Long.MAX_VALUE), Occur.FILTER).build();
            List<StructuredRecord> out = new ArrayList<>();
            var stored = s.storedFields();
            for (ScoreDoc sd : s.search(q, Integer.MAX_VALUE / 2).scoreDocs) out.add(RecordDocuments.toRecord(stored.document(sd.doc)));
            return out;
        });
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

    public long count() throws IOException {
        return withSearcher(s -> (long) s.getIndexReader().numDocs());
    }

    /**
     * The feed position through which every write is visible to a search opened now: below every
     * write still being applied (a later one may be applied first; a reader must not pass the
     * earlier one by). 0 without a journal.
     */
    public long feedHead() {
        if (journal == null) return 0;
        long last = journal.lastSeq();
        Long oldest = inflight.ceiling(Long.MIN_VALUE);
        return oldest == null ? last : Math.min(last, oldest - 1);
    }

    private static final Sort FEED_ORDER = new Sort(new SortField(RecordDocuments.FEED, SortField.Type.LONG));

    /**
     * Final records made durable after position {@code after} that match the query's type, device and
     * time filters, in the order they were written, at most {@code limit}: what subscriptions and
     * upper platforms are sent. Positions survive restarts (they are journal sequences).
     */
    public FeedPage feed(long after, RecordQuery filter, int limit) throws IOException {
        if (journal != null && healthy() && FeedTail.applicable(filter)) {
            long head = feedHead();
            List<FeedEntry> out = head <= after ? List.of() : tail.after(after, head, filter, limit);
            if (out != null) return new FeedPage(out, out.size() < limit ? Math.max(after, head) : out.get(out.size() - 1).position());
        }
        long head = visibleFeedHead();
        if (head <= after || !healthy()) return new FeedPage(List.of(), after); // a dead writer's last commit would skip what came after it
        Query q = feedQuery(after, head, filter);
        return withCurrentSearcher(s -> {
            TopDocs top = s.search(q, limit, FEED_ORDER);
            List<FeedEntry> out = new ArrayList<>(top.scoreDocs.length);
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                var d = stored.document(sd.doc);
                out.add(new FeedEntry(d.getField(RecordDocuments.FEED).numericValue().longValue(), RecordDocuments.toRecord(d)));
            }
            long next = out.size() == limit ? out.get(out.size() - 1).position() : head;
            return new FeedPage(out, next);
        });
    }

    /** How many final records matching the filter were written after {@code after}. */
    public long feedCount(long after, RecordQuery filter) throws IOException {
        if (journal != null && healthy() && FeedTail.applicable(filter)) {
            long head = feedHead();
            if (head <= after) return 0;
            long pending = tail.count(after, head, filter);
            if (pending >= 0) return pending;
        }
        long head = visibleFeedHead();
        if (head <= after) return 0;
        Query q = feedQuery(after, head, filter);
        return withCurrentSearcher(s -> s.count(q));
    }

    /** The feed position through which the current searcher shows every write. */
    private volatile long refreshedThrough;
    /** The newest final records by feed position, for readers keeping up (about 1-2 KB each; 20,000 by default). */
    private final FeedTail tail;
    private volatile long lastFeedRefresh;

    /**
     * The feed position readers may read through now: the view is refreshed at most every 100 ms for
     * them (all readers together, and the checks made at every write), since a refresh after each of
     * a stream of writes costs a segment each; between refreshes they read up to what the last
     * refresh showed.
     */
    private long visibleFeedHead() throws IOException {
        long now = System.nanoTime();
        // one reader refreshes; the others read up to what the last refresh showed instead of waiting for it
        if (now - lastFeedRefresh > 100_000_000L && healthy() && feedRefresh.tryLock()) {
            try {
                if (now - lastFeedRefresh > 100_000_000L) {
                    long head = feedHead(); // taken before the refresh: everything through it is visible after
                    try {
                        searchers.maybeRefreshBlocking();
                        refreshedThrough = Math.max(refreshedThrough, head);
                    } catch (org.apache.lucene.store.AlreadyClosedException e) {
                        // the writer died just now: the feed waits for recovery
                    }
                    lastFeedRefresh = System.nanoTime();
                }
            } finally {
                feedRefresh.unlock();
            }
        }
        return refreshedThrough;
    }

    private final java.util.concurrent.locks.ReentrantLock feedRefresh = new java.util.concurrent.locks.ReentrantLock();

    /** A search on the current view, without refreshing it. */
    private <T> T withCurrentSearcher(SearcherCall<T> call) throws IOException {
        SearcherManager m = searchers;
        IndexSearcher s = m.acquire();
        try {
            return call.run(s);
        } finally {
            m.release(s);
        }
    }

    private static Query feedQuery(long after, long head, RecordQuery filter) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(LongPoint.newRangeQuery(RecordDocuments.FEED, after + 1, head), Occur.FILTER);
        b.add(toLucene(filter), Occur.FILTER);
        return b.build();
    }

    private interface SearcherCall<T> {
        T run(IndexSearcher s) throws IOException;
    }

    /** Searches while the writer is dead: the last commit, opened from the directory. */
    private volatile SearcherManager lastCommitView;

    private SearcherManager lastCommitView() throws IOException {
        SearcherManager v = lastCommitView;
        if (v == null) {
            synchronized (this) {
                if (lastCommitView == null) lastCommitView = new SearcherManager(directory, null);
                v = lastCommitView;
            }
        }
        return v;
    }

    private <T> T withSearcher(SearcherCall<T> call) throws IOException {
        SearcherManager m = searchers;
        if (!healthy()) {
            m = lastCommitView(); // the writer died (a full disk): searches go on over the last commit until it recovers
        } else {
            try {
                m.maybeRefresh();
            } catch (org.apache.lucene.store.AlreadyClosedException | IOException e) {
                // it died just now: this search uses the view it had
            }
        }
        IndexSearcher s = m.acquire();
        try {
            return call.run(s);
        } finally {
            m.release(s);
        }
    }

    static Query toLucene(RecordQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new MatchAllDocsQuery(), Occur.FILTER); // so a query without filters still matches everything
        if (q.types().size() == 1) {
            // one type: a term query leap-frogs with the other clauses, where a set query would first collect every document of the type
            b.add(new TermQuery(new Term(RecordDocuments.TYPE, q.types().iterator().next().name())), Occur.FILTER);
        } else if (!q.types().isEmpty()) {
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
            // the points find a range on their own; next to a selective clause (one plate) the time's doc values check only its few documents
            b.add(new org.apache.lucene.search.IndexOrDocValuesQuery(LongPoint.newRangeQuery(RecordDocuments.TIME, lo, hi),
                    org.apache.lucene.document.NumericDocValuesField.newSlowRangeQuery(RecordDocuments.TIME, lo, hi)), Occur.FILTER);
        }
    }

    /** What a killed process leaves behind: the writer dropped without a commit, the journal as written. For tests. */
    void abandon() throws IOException {
        searchers.close();
        writer.rollback();
        if (journal != null) journal.close();
        directory.close();
    }

    @Override
    public void close() throws IOException {
        try (directory; IndexWriter w = writer; SearcherManager m = searchers) {
            if (healthy()) commit();
        } finally {
            if (journal != null) journal.close();
        }
    }
}
