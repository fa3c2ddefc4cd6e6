package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;

/**
 * 落脚点: where a plate's trajectory stops for more than H hours: the device of the last pass
 * before each long gap, ranked by how often (then by the hours spent), with each stay's passes.
 */
public final class StayPoints {
    /** One stop: the pass before the gap and the pass after it. */
    public record Stay(MotorVehicle arrived, MotorVehicle left, long hours) {}

    public record StayPoint(String deviceId, Place place, int stays, double totalHours, List<Stay> evidence) {}

    private StayPoints() {}

    static Answer<StayPoint> run(PassView view, Scope scope, Places places, double minHours, int limit, Budget budget) throws IOException {
        if (scope.plate() == null || !scope.plate().isExact()) throw new IllegalArgumentException("plate: stay points need one exact plate");
        if (!(minHours > 0 && minHours <= 24 * 30)) throw new IllegalArgumentException("min-hours: must be above 0 and at most 720, was " + minHours);
        PassTable t = new PassTable(budget);
        view.scan(scope.query(), t);
        int[] order = t.byTime();
        long gap = (long) (minHours * 3_600_000L);
        // the gaps are found on the columns; records are read only for the passes around a stay
        List<long[]> around = new ArrayList<>();
        for (int i = 1; i < order.length; i++) {
            if (t.time[order[i]] - t.time[order[i - 1]] >= gap) around.add(new long[] {t.ref[order[i - 1]], t.ref[order[i]]});
        }
        List<MotorVehicle> records = view.records(around.stream().flatMapToLong(java.util.Arrays::stream).toArray());
        Map<String, List<Stay>> byDevice = new LinkedHashMap<>();
        for (int i = 0; i < around.size(); i++) {
            MotorVehicle before = records.get(2 * i), after = records.get(2 * i + 1);
            byDevice.computeIfAbsent(before.deviceId(), k -> new ArrayList<>()).add(new Stay(before, after, (after.passTime() - before.passTime()) / 3_600_000L));
        }
        List<StayPoint> out = new ArrayList<>();
        for (var e : byDevice.entrySet()) {
            double hours = e.getValue().stream().mapToLong(s -> s.left().passTime() - s.arrived().passTime()).sum() / 3_600_000.0;
            out.add(new StayPoint(e.getKey(), places.of(e.getKey()), e.getValue().size(), Math.round(hours * 10) / 10.0, e.getValue()));
        }
        out.sort(Comparator.comparingInt(StayPoint::stays).reversed().thenComparing(Comparator.comparingDouble(StayPoint::totalHours).reversed()));
        return new Answer<>(out.size() > limit ? out.subList(0, limit) : out, t.size, 0, 0, budget.elapsedMs(), out.size() > limit);
    }
}
