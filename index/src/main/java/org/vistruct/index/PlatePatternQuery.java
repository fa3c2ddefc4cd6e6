package org.vistruct.index;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Checks a plate pattern against each candidate document's plate (doc values), never against the
 * whole term dictionary. Meant to follow cheaper filters (n-grams, device, time) in a conjunction,
 * which only then ask it to verify their candidates.
 */
final class PlatePatternQuery extends Query {
    private final String field, glob;

    PlatePatternQuery(String field, String glob) {
        this.field = field;
        this.glob = glob;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                SortedDocValues plates = DocValues.getSorted(context.reader(), field);
                TwoPhaseIterator check = new TwoPhaseIterator(plates) {
                    @Override
                    public boolean matches() throws IOException {
                        return PlatePattern.matches(glob, plates.lookupOrd(plates.ordValue()).utf8ToString());
                    }

                    @Override
                    public float matchCost() { return 50f; } // a string decoded and matched per candidate: check last
                };
                Scorer scorer = new ConstantScoreScorer(score(), scoreMode, check);
                return new DefaultScorerSupplier(scorer);
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) { return DocValues.isCacheable(ctx, field); }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(field)) visitor.visitLeaf(this);
    }

    @Override
    public String toString(String f) { return field + ":~" + glob; }

    @Override
    public boolean equals(Object o) { return sameClassAs(o) && field.equals(((PlatePatternQuery) o).field) && glob.equals(((PlatePatternQuery) o).glob); }

    @Override
    public int hashCode() { return Objects.hash(classHash(), field, glob); }
}
