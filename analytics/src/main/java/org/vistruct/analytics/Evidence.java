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
        long[] refs = t.refsByTime(max);
        return view.records(refs);
    }
}
