package org.vistruct.index;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.vistruct.core.RecordType;

/**
 * Whether a segment holds vehicle passes without analytics columns (written by an earlier
 * version), found once per segment (segments never change) by comparing how many vehicle
 * documents it has with how many carry the columns; a segment written since is then never
 * searched for them again.
 */
final class ColumnCoverage {
    private final Map<IndexReader.CacheKey, Boolean> lacking = new ConcurrentHashMap<>();

    boolean lacksColumns(LeafReader leaf) throws IOException {
        IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
        IndexReader.CacheKey key = helper == null ? null : helper.getKey();
        Boolean known = key == null ? null : lacking.get(key);
        if (known != null) return known;
        int vehicles = leaf.docFreq(new Term(RecordDocuments.TYPE, RecordType.MotorVehicle.name())); // deleted ones included, as below
        NumericDocValues columns = DocValues.getNumeric(leaf, ColumnPassView.ATTRIBUTES);
        int withColumns = 0;
        while (columns.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) withColumns++;
        boolean lacks = withColumns < vehicles;
        if (key != null && lacking.putIfAbsent(key, lacks) == null) helper.addClosedListener(lacking::remove);
        return lacks;
    }
}
