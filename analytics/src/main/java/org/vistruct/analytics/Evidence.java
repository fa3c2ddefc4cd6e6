package org.vistruct.analytics;

import java.io.IOException;
import java.util.List;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;
import org.vistruct.index.PlatePattern;

/** The passes behind a result, fetched once the results are known: one plate's passes in a scope, oldest first, at most a few. */
final class Evidence {
    static final int PER_RESULT = 20;

    private Evidence() {}

    static List<MotorVehicle> passes(PassView view, Scope scope, String plate, int max, Budget budget) throws IOException {
        PassTable t = new PassTable(budget);
        view.scan(scope.withPlate(new PlatePattern(plate)).query(), t);
        Integer[] idx = new Integer[t.size];
        for (int i = 0; i < t.size; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Long.compare(t.time[a], t.time[b]));
        int n = Math.min(max, t.size);
        long[] refs = new long[n];
        for (int i = 0; i < n; i++) refs[i] = t.ref[idx[i]];
        return view.records(refs);
    }
}
