package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;

/**
 * 区域碰撞: 2 to 8 windows, each a set of devices and a time range; the plates seen in at least M
 * of them, and in none of the windows they must not appear in. One bitmap of plate ids per window;
 * the answer is counted over the bitmaps, then each plate's passes in each window are fetched.
 */
public final class AreaCollision {
    /** @param exclude the plate must not appear in this window */
    public record Window(Set<String> devices, long from, long to, boolean exclude) {
        public Window {
            devices = devices == null ? Set.of() : Set.copyOf(devices);
        }
    }

    /** @param windows per window (in the order asked), the plate's passes there (empty when it was not seen there) */
    public record Hit(String plate, int windowsHit, List<List<MotorVehicle>> windows) {}

    private AreaCollision() {}

    static void check(List<Window> windows, int minWindows, AnalyticsSettings s) {
        if (windows.size() < 2 || windows.size() > 8) throw new IllegalArgumentException("window: 2 to 8 windows, got " + windows.size());
        long included = windows.stream().filter(w -> !w.exclude()).count();
        if (included < 1) throw new IllegalArgumentException("window: at least one window must be one the plate is seen in");
        if (minWindows < 1 || minWindows > included) {
            throw new IllegalArgumentException("min-windows: must be 1-" + included + " (the windows a plate must be seen in), was " + minWindows);
        }
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            if (w.devices().isEmpty()) throw new IllegalArgumentException("window " + (i + 1) + ": no devices");
            if (w.to() <= w.from()) throw new IllegalArgumentException("window " + (i + 1) + ": the time range ends before it starts");
            if (w.to() - w.from() > s.maxRangeDays() * 86_400_000L) {
                throw new IllegalArgumentException("window " + (i + 1) + ": longer than " + s.maxRangeDays() + " days (analytics.max-range-days)");
            }
        }
    }

    static Answer<Hit> run(PassView view, List<Window> windows, int minWindows, Scope filters, int limit, Budget budget, AnalyticsSettings settings)
            throws IOException {
        check(windows, minWindows, settings);
        Readability readable = new Readability(view, settings.minPlateReliability());
        List<RoaringBitmap> seen = new ArrayList<>();
        List<PassTable> passes = new ArrayList<>();
        long read = 0;
        for (Window w : windows) {
            RoaringBitmap b = new RoaringBitmap();
            PassTable kept = new PassTable(budget);
            read += view.scan(scope(filters, w).query(), (p, d, t, a, r) -> {
                if (readable.accept(p, a)) {
                    b.add(p);
                    kept.pass(p, d, t, a, r); // kept for the evidence: a window's passes are few next to the city's
                } else {
                    budget.pass();
                }
            });
            seen.add(b);
            passes.add(kept);
        }
        // counted per plate over the windows a plate must be seen in: at most 8 bitmaps, so a tally per plate id
        RoaringBitmap any = new RoaringBitmap(), banned = new RoaringBitmap();
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).exclude()) banned.or(seen.get(i));
            else any.or(seen.get(i));
        }
        any.andNot(banned);
        List<int[]> hits = new ArrayList<>();
        for (int p : any) {
            int n = 0;
            for (int i = 0; i < windows.size(); i++) if (!windows.get(i).exclude() && seen.get(i).contains(p)) n++;
            if (n >= minWindows) hits.add(new int[] {p, n});
        }
        hits.sort(Comparator.<int[]>comparingInt(h -> h[1]).reversed().thenComparing(h -> view.plate(h[0])));
        boolean truncated = hits.size() > limit;
        List<int[]> shown = truncated ? hits.subList(0, limit) : hits;
        // every result's passes in every window read in one go (one stored-fields reader per segment, not one per window and plate)
        List<long[]> refs = new ArrayList<>();
        int[][] spans = new int[shown.size() * windows.size()][];
        for (int k = 0; k < shown.size(); k++) {
            for (int i = 0; i < windows.size(); i++) {
                int from = refs.size();
                if (seen.get(i).contains(shown.get(k)[0])) refs.addAll(evidence(passes.get(i), shown.get(k)[0]));
                spans[k * windows.size() + i] = new int[] {from, refs.size()};
            }
        }
        budget.check();
        List<MotorVehicle> records = view.records(refs.stream().mapToLong(x -> x[1]).toArray());
        List<Hit> out = new ArrayList<>();
        for (int k = 0; k < shown.size(); k++) {
            List<List<MotorVehicle>> per = new ArrayList<>();
            for (int i = 0; i < windows.size(); i++) {
                int[] span = spans[k * windows.size() + i];
                per.add(records.subList(span[0], span[1]));
            }
            out.add(new Hit(view.plate(shown.get(k)[0]), shown.get(k)[1], per));
        }
        return new Answer<>(out, read, readable.excluded, 0, budget.elapsedMs(), truncated);
    }

    /** The plate's passes in a window as (time, ref), oldest first, at most {@value Evidence#PER_RESULT}. */
    private static List<long[]> evidence(PassTable t, int plate) {
        List<long[]> mine = new ArrayList<>();
        for (int i = 0; i < t.size; i++) if (t.plate[i] == plate) mine.add(new long[] {t.time[i], t.ref[i]});
        mine.sort(Comparator.comparingLong(x -> x[0]));
        return mine.size() > Evidence.PER_RESULT ? mine.subList(0, Evidence.PER_RESULT) : mine;
    }

    private static Scope scope(Scope filters, Window w) {
        return new Scope(w.from(), w.to(), w.devices(), filters.plate(), filters.plateColor(), filters.vehicleColor(), filters.vehicleClass());
    }
}
