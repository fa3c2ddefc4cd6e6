package org.vistruct.analytics;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.vistruct.index.PassView;

/**
 * The least time a vehicle needs between two devices. Learned from the passes: every plate's
 * consecutive passes at two different devices within two hours are one observation of the pair,
 * kept in a log-scale histogram (64 bins, 15 % wide); a pair with enough observations takes a low
 * percentile of them, times a slack of 0.6 (the 1st percentile is still a car that somebody beat).
 * The straight-line distance over the configured top speed is a floor under that, and the whole
 * answer where a pair was not learned: clones themselves make fast "observations" between far
 * devices that no real car links directly, and the floor keeps those from teaching the rule to
 * accept them. Unknown (-1) when neither device pair was learned nor both positions are known.
 */
public final class TravelTimes {
    private static final int BINS = 64;
    private static final double BIN_BASE = Math.log(1.15);
    static final double SLACK = 0.6;
    private static final long MAX_GAP_MS = 2 * 3_600_000L;

    private final AnalyticsSettings settings;
    private volatile Places places;
    private final AtomicReference<Map<String, int[]>> learned = new AtomicReference<>(Map.of());
    private volatile long learnedPairs, learnedObservations;

    public TravelTimes(AnalyticsSettings settings, Places places) {
        this.settings = settings;
        this.places = places;
    }

    public void places(Places p) { this.places = p; }

    public Places places() { return places; }

    /** The minimum travel time between two devices in ms, or -1 when it is not known. */
    public long minimum(String a, String b) {
        if (a.equals(b)) return 0;
        long floor = floor(a, b);
        int[] h = learned.get().get(pairKey(a, b));
        long learnedMs = h == null ? -1 : percentileMs(h);
        if (learnedMs < 0) return floor;
        return Math.max(floor, (long) (learnedMs * SLACK));
    }

    /** Straight-line distance over the top speed, in ms; -1 without both positions. */
    long floor(String a, String b) {
        Place pa = places.of(a), pb = places.of(b);
        if (pa == null || pb == null) return -1;
        return (long) (pa.metresTo(pb) / (settings.topSpeedKmh() / 3.6) * 1000);
    }

    /** Metres between two devices, or -1 without both positions. */
    public double metres(String a, String b) {
        Place pa = places.of(a), pb = places.of(b);
        return pa == null || pb == null ? -1 : pa.metresTo(pb);
    }

    private long percentileMs(int[] h) {
        long total = 0;
        for (int c : h) total += c;
        if (total < settings.learnMinSamples()) return -1;
        long want = (long) Math.ceil(total * settings.learnPercentile() / 100.0), seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += h[i];
            if (seen >= want) return (long) (Math.exp(i * BIN_BASE) * 1000); // the bin's lower edge: the lower, the fewer false suspects
        }
        return -1;
    }

    private static int bin(long ms) {
        double s = Math.max(1, ms / 1000.0);
        return Math.min(BINS - 1, (int) (Math.log(s) / BIN_BASE));
    }

    static String pairKey(String a, String b) { return a.compareTo(b) < 0 ? a + '\u0000' + b : b + '\u0000' + a; }

    /**
     * Learns from the passes in [from, to), a day at a time (so memory stays that of one day),
     * replacing what was learned before. Returns the observations counted.
     */
    public long learn(PassView view, long from, long to) throws IOException {
        Map<String, int[]> pairs = new HashMap<>();
        long observations = 0;
        for (long day = from; day < to; day += 86_400_000L) {
            PassTable t = new PassTable(Budget.unbounded());
            Readability readable = new Readability(view, settings.minPlateReliability());
            view.scan(Scope.of(day, Math.min(to, day + 86_400_000L)).query(), (p, d, time, a, r) -> {
                if (readable.accept(p, a)) t.pass(p, d, time, a, r);
            });
            t.groupByPlate(view.plateIds());
            for (int p = 0; p + 1 < t.start.length; p++) {
                for (int i = t.start[p] + 1; i < t.start[p + 1]; i++) {
                    int x = t.order[i - 1], y = t.order[i];
                    long gap = t.time[y] - t.time[x];
                    if (t.device[x] == t.device[y] || gap > MAX_GAP_MS) continue;
                    pairs.computeIfAbsent(pairKey(view.device(t.device[x]), view.device(t.device[y])), k -> new int[BINS])[bin(gap)]++;
                    observations++;
                }
            }
        }
        learned.set(pairs);
        learnedPairs = pairs.size();
        learnedObservations = observations;
        return observations;
    }

    public long learnedPairs() { return learnedPairs; }

    public long learnedObservations() { return learnedObservations; }
}
