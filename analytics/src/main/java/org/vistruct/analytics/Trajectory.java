package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;

/** 轨迹: the passes of one plate (or a pattern) in time order, with places and the time since the previous pass. */
public final class Trajectory {
    /** @param place null when the device's position is not known; sincePreviousMs -1 for the first */
    public record Step(MotorVehicle pass, Place place, long sincePreviousMs) {}

    private Trajectory() {}

    static Answer<Step> run(PassView view, Scope scope, Places places, int limit, Budget budget) throws IOException {
        if (scope.plate() == null) throw new IllegalArgumentException("plate: a trajectory needs a plate or a plate pattern");
        PassTable t = new PassTable(budget);
        view.scan(scope.query(), t);
        boolean truncated = t.size > limit;
        long[] refs = t.refsByTime(limit);
        int n = refs.length;
        List<MotorVehicle> passes = view.records(refs);
        List<Step> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MotorVehicle v = passes.get(i);
            steps.add(new Step(v, places.of(v.deviceId()), i == 0 ? -1 : v.passTime() - passes.get(i - 1).passTime()));
        }
        return new Answer<>(steps, t.size, 0, 0, budget.elapsedMs(), truncated);
    }
}
