package org.vistruct.analytics;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.index.PassView;

/**
 * 昼伏夜出: plates with passes on at least N nights inside a night window (which may cross
 * midnight; a pass after midnight belongs to the night that began the evening before) and at most
 * P passes in the day window. Per plate, a 64-bit mask of nights and a day count, so a month of a
 * city is one pass over its columns.
 *
 * @see #run
 */
public final class NightOnly {
    /** Minutes after local midnight; a window whose start is after its end crosses midnight. */
    public record Hours(int nightFrom, int nightTo, int dayFrom, int dayTo) {
        public Hours {
            for (int m : new int[] {nightFrom, nightTo, dayFrom, dayTo}) {
                if (m < 0 || m > 1440) throw new IllegalArgumentException("night/day: times of day must be 00:00-24:00");
            }
            if (nightFrom == nightTo) throw new IllegalArgumentException("night: the window is empty");
            if (dayFrom == dayTo) throw new IllegalArgumentException("day: the window is empty");
        }

        public static Hours defaults() { return new Hours(22 * 60, 5 * 60, 7 * 60, 19 * 60); }

        static boolean inside(int m, int from, int to) { return from < to ? m >= from && m < to : m >= from || m < to; }
    }

    private NightOnly() {}

    static Answer<PlateTally> run(PassView view, Scope scope, Hours hours, int minNights, int maxDayPasses, int limit, Budget budget, AnalyticsSettings settings)
            throws IOException {
        if (scope.to() - scope.from() > 62 * 86_400_000L) throw new IllegalArgumentException("to: night-only looks at 62 days at most");
        if (minNights < 1 || minNights > 62) throw new IllegalArgumentException("min-nights: must be 1-62, was " + minNights);
        if (maxDayPasses < 0 || maxDayPasses > 100_000) throw new IllegalArgumentException("max-day-passes: must be 0-100000, was " + maxDayPasses);
        ZoneOffset offset = settings.zone().getRules().getOffset(Instant.ofEpochMilli(scope.from()));
        boolean fixed = offset.equals(settings.zone().getRules().getOffset(Instant.ofEpochMilli(scope.to())));
        long firstDay = Math.floorDiv(scope.from() + offset.getTotalSeconds() * 1000L, 86_400_000L) - 1; // the night that began the evening before
        Readability readable = new Readability(view, settings.minPlateReliability());
        int plates = view.plateIds();
        long[] nights = new long[plates];
        int[] day = new int[plates];
        long read = view.scan(scope.query(), (p, d, t, a, r) -> {
            budget.pass();
            if (!readable.accept(p, a)) return;
            long local = t + (fixed ? offset : settings.zone().getRules().getOffset(Instant.ofEpochMilli(t))).getTotalSeconds() * 1000L;
            long date = Math.floorDiv(local, 86_400_000L);
            int minute = (int) (Math.floorMod(local, 86_400_000L) / 60_000);
            if (Hours.inside(minute, hours.nightFrom(), hours.nightTo())) {
                long night = hours.nightFrom() > hours.nightTo() && minute < hours.nightTo() ? date - 1 : date;
                nights[p] |= 1L << (int) Math.min(63, night - firstDay);
            }
            if (Hours.inside(minute, hours.dayFrom(), hours.dayTo())) day[p]++;
        });
        List<long[]> rows = new ArrayList<>();
        for (int p = 0; p < plates; p++) {
            int n = Long.bitCount(nights[p]);
            if (n >= minNights && day[p] <= maxDayPasses) rows.add(new long[] {p, n, n, day[p]});
        }
        return new Answer<>(PlateTally.top(view, scope, rows, limit, budget), read, readable.excluded, view.uncolumned(scope.from(), scope.to()),
                budget.elapsedMs(), rows.size() > limit);
    }
}
