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
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.vistruct.core.MotorVehicle;

/**
 * The record index on disk: one Lucene document per record, searchable (near real time) as soon
 * as it is added; durable once committed.
 */
public final class RecordIndex implements AutoCloseable {
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public RecordIndex(Path dir) throws IOException {
        this.directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setIndexSort(new Sort(new SortField(MotorVehicleDocument.PASS_TIME, SortField.Type.LONG, true)));
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /** Adds (or replaces, by MotorVehicleID) a record; visible to the next search. */
    public void add(MotorVehicle record) throws IOException {
        writer.updateDocument(new Term(MotorVehicleDocument.ID, record.motorVehicleId()), MotorVehicleDocument.of(record));
        searchers.maybeRefresh();
    }

    /** Makes everything added so far durable. */
    public void commit() throws IOException {
        writer.commit();
    }

    public List<MotorVehicle> search(RecordQuery q) throws IOException {
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            Sort newestFirst = new Sort(new SortField(MotorVehicleDocument.PASS_TIME, SortField.Type.LONG, true));
            TopDocs top = s.search(toLucene(q), q.limit(), newestFirst);
            List<MotorVehicle> out = new ArrayList<>(top.scoreDocs.length);
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) out.add(MotorVehicleDocument.toRecord(stored.document(sd.doc)));
            return out;
        } finally {
            searchers.release(s);
        }
    }

    public MotorVehicle get(String motorVehicleId) throws IOException {
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs top = s.search(new TermQuery(new Term(MotorVehicleDocument.ID, motorVehicleId)), 1);
            return top.scoreDocs.length == 0 ? null : MotorVehicleDocument.toRecord(s.storedFields().document(top.scoreDocs[0].doc));
        } finally {
            searchers.release(s);
        }
    }

    public int count() throws IOException {
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    static Query toLucene(RecordQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        if (q.plate() != null && !q.plate().text().equals("*")) {
            Term t = new Term(MotorVehicleDocument.PLATE, q.plate().text());
            b.add(q.plate().isExact() ? new TermQuery(t) : new WildcardQuery(t), Occur.FILTER);
            any = true;
        } else if (q.plate() != null) {
            // "*" means: any record that carries a plate
            b.add(new MatchAllDocsQuery(), Occur.FILTER);
            b.add(new TermQuery(new Term(MotorVehicleDocument.PLATE, MotorVehicle.NO_PLATE)), Occur.MUST_NOT);
            any = true;
        }
        if (q.plateColor() != null) {
            b.add(new TermQuery(new Term(MotorVehicleDocument.PLATE_COLOR, Integer.toString(q.plateColor().code()))), Occur.FILTER);
            any = true;
        }
        if (q.vehicleColor() != null) {
            b.add(new TermQuery(new Term(MotorVehicleDocument.VEHICLE_COLOR, Integer.toString(q.vehicleColor().code()))), Occur.FILTER);
            any = true;
        }
        if (q.vehicleClass() != null) {
            b.add(new TermQuery(new Term(MotorVehicleDocument.VEHICLE_CLASS, q.vehicleClass().code())), Occur.FILTER);
            any = true;
        }
        if (!q.deviceIds().isEmpty()) {
            b.add(new TermInSetQuery(MotorVehicleDocument.DEVICE, q.deviceIds().stream().map(BytesRef::new).toList()), Occur.FILTER);
            any = true;
        }
        if (q.from() != null || q.to() != null) {
            long from = q.from() == null ? Long.MIN_VALUE : q.from();
            long to = q.to() == null ? Long.MAX_VALUE : q.to() - 1;
            b.add(LongPoint.newRangeQuery(MotorVehicleDocument.PASS_TIME, from, to), Occur.FILTER);
            any = true;
        }
        return any ? b.build() : new MatchAllDocsQuery();
    }

    @Override
    public void close() throws IOException {
        try (directory; writer; searchers) {
            writer.commit();
        }
    }
}
