package org.vistruct.analytics;

import java.io.IOException;
import java.util.List;
import org.vistruct.index.PassView;
import org.vistruct.index.RecordStore;

/**
 * The tactics investigators run (车辆研判), each over one point-in-time view of the index's pass
 * columns, within the configured bounds: ranges longer than analytics.max-range-days are refused
 * (IllegalArgumentException naming the field), questions running past analytics.max-query-s or
 * reading more than analytics.max-passes are cut ({@link TooBroadException}).
 */
public final class Investigations {
    public static final int MAX_LIMIT = 1000;
    private final RecordStore index;
    private final AnalyticsSettings settings;
    private final TravelTimes travel;
    private final CloneRules rules;

    public Investigations(RecordStore index, AnalyticsSettings settings, TravelTimes travel) {
        this.index = index;
        this.settings = settings;
        this.travel = travel;
        this.rules = new CloneRules(travel, settings);
    }

    public AnalyticsSettings settings() { return settings; }

    public TravelTimes travelTimes() { return travel; }

    public CloneRules rules() { return rules; }

    public Answer<Trajectory.Step> trajectory(Scope scope, int limit) throws IOException {
        try (PassView v = view(scope, limit)) {
            return Trajectory.run(v, scope, travel.places(), limit, new Budget(settings));
        }
    }

    /** @param travelRule whether to apply the impossible-travel rule (it needs positions); the attribute rule always runs */
    public Answer<CloneScan.Suspect> clones(Scope scope, boolean travelRule, int limit) throws IOException {
        try (PassView v = view(scope, limit)) {
            return CloneScan.run(v, scope, rules, travel.places(), travelRule, limit, new Budget(settings), settings);
        }
    }

    public Answer<CompanionFinder.Companion> companions(Scope scope, String plate, int windowS, int minTimes, int minDevices, int limit) throws IOException {
        try (PassView v = view(scope, limit)) {
            return CompanionFinder.run(v, scope, plate, windowS, minTimes, minDevices, limit, new Budget(settings), settings);
        }
    }

    /** @param filters plate pattern, colours and class applied in every window (its range and devices are not used) */
    public Answer<AreaCollision.Hit> collision(List<AreaCollision.Window> windows, int minWindows, Scope filters, int limit) throws IOException {
        AreaCollision.check(windows, minWindows, settings);
        checkLimit(limit);
        try (PassView v = index.passes()) {
            return AreaCollision.run(v, windows, minWindows, filters, limit, new Budget(settings), settings);
        }
    }

    public Answer<PlateTally> firstSeen(Scope scope, int lookbackDays, boolean anywhere, int limit) throws IOException {
        try (PassView v = view(scope, limit)) {
            return FirstSeen.run(v, scope, lookbackDays, anywhere, limit, new Budget(settings), settings);
        }
    }

    public Answer<PlateTally> nightOnly(Scope scope, NightOnly.Hours hours, int minNights, int maxDayPasses, int limit) throws IOException {
        try (PassView v = view(scope, limit)) {
            return NightOnly.run(v, scope, hours, minNights, maxDayPasses, limit, new Budget(settings), settings);
        }
    }

    public Answer<PlateTally> frequent(Scope scope, int minPasses, int limit) throws IOException {
        try (PassView v = view(scope, limit)) {
            return FrequentPasses.run(v, scope, minPasses, limit, new Budget(settings), settings);
        }
    }

    public Answer<StayPoints.StayPoint> stays(Scope scope, double minHours, int limit) throws IOException {
        try (PassView v = view(scope, limit)) {
            return StayPoints.run(v, scope, travel.places(), minHours, limit, new Budget(settings));
        }
    }

    /** Learns travel times from the passes of the days before {@code to}. */
    public long learnTravelTimes(long from, long to) throws IOException {
        try (PassView v = index.passes()) {
            return travel.learn(v, from, to);
        }
    }

    public CloneWatch cloneWatch(java.util.function.Predicate<String> dismissed) { return new CloneWatch(rules, settings, dismissed); }

    private PassView view(Scope scope, int limit) throws IOException {
        scope.checked(settings, "from/to");
        checkLimit(limit);
        return index.passes();
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit: must be 1-" + MAX_LIMIT + ", was " + limit);
    }
}
