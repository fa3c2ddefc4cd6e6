package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;
import org.vistruct.index.PassView;

/**
 * 首次入城: plates seen (at the scope's devices) in the period that were not seen in the L days
 * before it, anywhere or only at those devices. Two bitmaps of plate ids and a difference;
 * the earliest first, with their passes in the period.
 */
public final class FirstSeen {
    private FirstSeen() {}

    static Answer<PlateTally> run(PassView view, Scope scope, int lookbackDays, boolean anywhere, int limit, Budget budget, AnalyticsSettings settings)
            throws IOException {
        if (lookbackDays < 1 || lookbackDays > settings.maxRangeDays()) {
            throw new IllegalArgumentException("lookback-days: must be 1-" + settings.maxRangeDays() + " (analytics.max-range-days), was " + lookbackDays);
        }
        Readability readable = new Readability(view, settings.minPlateReliability());
        int plates = view.plateIds();
        long[] first = new long[plates];
        int[] count = new int[plates];
        RoaringBitmap now = new RoaringBitmap(), before = new RoaringBitmap();
        long read = view.scan(scope.query(), (p, d, t, a, r) -> {
            budget.pass();
            if (!readable.accept(p, a)) return;
            if (now.checkedAdd(p) || t < first[p]) first[p] = t;
            count[p]++;
        });
        Scope earlier = scope.withRange(scope.from() - lookbackDays * 86_400_000L, scope.from());
        if (anywhere) earlier = earlier.withDevices(java.util.Set.of());
        // the look back ignores reliability: a plate read once, however poorly, was seen
        read += view.scan(new Scope(earlier.from(), earlier.to(), earlier.devices(), null, null, null, null).query(), (p, d, t, a, r) -> {
            budget.pass();
            before.add(p);
        });
        now.andNot(before);
        List<long[]> rows = new ArrayList<>();
        for (int p : now) rows.add(new long[] {p, count[p], 0, 0, first[p]});
        List<PlateTally> out = PlateTally.top(view, scope, rows, java.util.Comparator.comparingLong(r -> r[4]), limit, budget); // earliest first
        return new Answer<>(out, read, readable.excluded, view.uncolumned(earlier.from(), scope.to()), budget.elapsedMs(), rows.size() > limit);
    }
}
