package org.vistruct.index;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;

/**
 * How plates are indexed and matched. A pattern with a literal start (皖A*62*) walks only that
 * corner of the term dictionary. One that starts with a wildcard (*62*, ?A*) would walk all of it,
 * so plates also carry their 1- and 2-character grams: the pattern's grams find candidates, and
 * the plate's doc value verifies them. *X* and *XY* are answered by the grams alone.
 */
final class PlateQueries {
    static final String PLATE = MotorVehicleDocument.PLATE, GRAMS = "_plateGram";

    private PlateQueries() {}

    static void index(Document d, String plate) {
        d.add(new StringField(PLATE, plate, Store.YES));
        d.add(new SortedDocValuesField(PLATE, new BytesRef(plate)));
        for (String g : grams(plate)) d.add(new StringField(GRAMS, g, Store.NO));
    }

    static Query of(PlatePattern p) {
        String text = p.text();
        if (p.isExact()) return new TermQuery(new Term(PLATE, text));
        if (text.charAt(0) != '*' && text.charAt(0) != '?') return new WildcardQuery(new Term(PLATE, text));
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        Set<String> needed = new LinkedHashSet<>();
        // grams alone answer only "contains": *X* or *XY*, no ?, open at both ends
        boolean gramsSuffice = text.indexOf('?') < 0 && text.endsWith("*");
        String[] runs = text.split("[*?]+");
        int literalRuns = 0;
        for (String run : runs) {
            if (run.isEmpty()) continue;
            literalRuns++;
            if (run.length() > 2) gramsSuffice = false;
            needed.addAll(run.length() == 1 ? Set.of(run) : bigrams(run));
        }
        if (literalRuns > 1) gramsSuffice = false; // grams say nothing of the order of two runs
        if (needed.isEmpty()) return new PlatePatternQuery(PLATE, text); // only wildcards, e.g. ??????? : check every plate
        for (String g : needed) b.add(new TermQuery(new Term(GRAMS, g)), Occur.FILTER);
        if (!gramsSuffice) b.add(new PlatePatternQuery(PLATE, text), Occur.FILTER);
        return b.build();
    }

    private static Set<String> grams(String plate) {
        Set<String> g = new LinkedHashSet<>();
        for (int i = 0; i < plate.length(); i++) g.add(plate.substring(i, i + 1));
        g.addAll(bigrams(plate));
        return g;
    }

    private static Set<String> bigrams(String s) {
        Set<String> g = new LinkedHashSet<>();
        for (int i = 0; i + 2 <= s.length(); i++) g.add(s.substring(i, i + 2));
        return g;
    }
}
