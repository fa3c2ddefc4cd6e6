package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;
import org.vistruct.index.PlatePattern;

/**
 * 同行车: for a target plate, the plates seen at the same device within ±N seconds of it, at least
 * K times (distinct target passes accompanied) at at least D distinct devices; ranked by times,
 * then devices, with the shared passes. One small index scan per target pass (device and time
 * window), so the cost follows the target's passes, not the city's.
 */
public final class CompanionFinder {
    /** A target pass and the companion's pass next to it. */
    public record Shared(MotorVehicle target, MotorVehicle companion) {}

    public record Companion(String plate, int times, int devices, List<Shared> shared) {}

    private CompanionFinder() {}

    static Answer<Companion> run(PassView view, Scope scope, String plate, int windowS, int minTimes, int minDevices, int limit, Budget budget,
                                 AnalyticsSettings settings) throws IOException {
        if (plate == null || !Readability.readable(plate)) throw new IllegalArgumentException("plate: companions need one readable plate, was '" + plate + "'");
        if (windowS < 1 || windowS > 3600) throw new IllegalArgumentException("window-s: must be 1-3600 seconds, was " + windowS);
        if (minTimes < 1 || minTimes > 1000) throw new IllegalArgumentException("min-times: must be 1-1000, was " + minTimes);
        if (minDevices < 1 || minDevices > 1000) throw new IllegalArgumentException("min-devices: must be 1-1000, was " + minDevices);
        PassTable target = new PassTable(budget);
        view.scan(scope.withPlate(new PlatePattern(plate)).query(), target);
        Readability readable = new Readability(view, settings.minPlateReliability());
        record Seen(int targetPass, long ref) {}
        Map<Integer, RoaringBitmap> times = new HashMap<>(), devices = new HashMap<>();
        Map<Integer, List<Seen>> evidence = new HashMap<>();
        long[] read = {0};
        for (int i = 0; i < target.size; i++) {
            int ti = i, targetPlate = target.plate[i];
            long t = target.time[i];
            String device = view.device(target.device[i]);
            Scope near = new Scope(Math.max(scope.from(), t - windowS * 1000L), Math.min(scope.to(), t + windowS * 1000L + 1), Set.of(device), null,
                    scope.plateColor(), scope.vehicleColor(), scope.vehicleClass());
            if (near.to() <= near.from()) continue;
            view.scan(near.query(), (p, d, time, a, r) -> {
                budget.pass();
                read[0]++;
                if (p == targetPlate || !readable.accept(p, a)) return;
                if (times.computeIfAbsent(p, k -> new RoaringBitmap()).checkedAdd(ti)) {
                    devices.computeIfAbsent(p, k -> new RoaringBitmap()).add(target.device[ti]);
                    evidence.computeIfAbsent(p, k -> new ArrayList<>()).add(new Seen(ti, r));
                }
            });
        }
        record Candidate(int plate, String name, int times, int devices) {}
        List<Candidate> ranked = new ArrayList<>();
        for (var e : times.entrySet()) {
            int n = e.getValue().getCardinality(), d = devices.get(e.getKey()).getCardinality();
            if (n >= minTimes && d >= minDevices) ranked.add(new Candidate(e.getKey(), view.plate(e.getKey()), n, d));
        }
        ranked.sort(Comparator.comparingInt(Candidate::times).thenComparingInt(Candidate::devices).reversed().thenComparing(Candidate::name));
        boolean truncated = ranked.size() > limit;
        List<Companion> out = new ArrayList<>();
        for (Candidate c : ranked.subList(0, Math.min(limit, ranked.size()))) {
            List<Seen> seen = evidence.get(c.plate());
            int shown = Math.min(seen.size(), Evidence.PER_RESULT);
            long[] refs = new long[shown * 2];
            for (int j = 0; j < shown; j++) {
                refs[2 * j] = target.ref[seen.get(j).targetPass()];
                refs[2 * j + 1] = seen.get(j).ref();
            }
            List<MotorVehicle> recs = view.records(refs);
            List<Shared> shared = new ArrayList<>(shown);
            for (int j = 0; j < shown; j++) shared.add(new Shared(recs.get(2 * j), recs.get(2 * j + 1)));
            shared.sort(Comparator.comparingLong(s -> s.target().passTime()));
            out.add(new Companion(c.name(), c.times(), c.devices(), shared));
        }
        return new Answer<>(out, target.size + read[0], readable.excluded, view.uncolumned(scope.from(), scope.to()), budget.elapsedMs(), truncated);
    }
}
