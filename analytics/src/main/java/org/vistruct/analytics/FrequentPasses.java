package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.index.PassView;

/** 频繁过车: plates with at least N passes at a set of devices in a period, most passes first. */
public final class FrequentPasses {
    private FrequentPasses() {}

    static Answer<PlateTally> run(PassView view, Scope scope, int minPasses, int limit, Budget budget, AnalyticsSettings settings) throws IOException {
        if (minPasses < 2 || minPasses > 100_000) throw new IllegalArgumentException("min-passes: must be 2-100000, was " + minPasses);
        Readability readable = new Readability(view, settings.minPlateReliability());
        int[] counts = new int[view.plateIds()];
        long read = view.scan(scope.query(), (p, d, t, a, r) -> {
            budget.pass();
            if (readable.accept(p, a)) counts[p]++;
        });
        List<long[]> rows = new ArrayList<>();
        for (int p = 0; p < counts.length; p++) if (counts[p] >= minPasses) rows.add(new long[] {p, counts[p], 0, 0});
        return new Answer<>(PlateTally.top(view, scope, rows, limit, budget), read, readable.excluded, view.uncolumned(scope.from(), scope.to()),
                budget.elapsedMs(), rows.size() > limit);
    }
}
