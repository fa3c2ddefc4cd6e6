package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;

/** A ranked plate with the numbers that put it there and its passes (oldest first, at most {@value Evidence#PER_RESULT}). */
public record PlateTally(String plate, long count, long nights, long dayPasses, List<MotorVehicle> passes) {
    /**
     * Ranks rows {plate id, count, nights, day passes, …} (highest count first, unless another order is given), keeps
     * the limit, and fetches each one's passes in the scope.
     */
    static List<PlateTally> top(PassView view, Scope scope, List<long[]> rows, int limit, Budget budget) throws IOException {
        return top(view, scope, rows, Comparator.<long[]>comparingLong(r -> r[1]).reversed(), limit, budget);
    }

    static List<PlateTally> top(PassView view, Scope scope, List<long[]> rows, Comparator<long[]> order, int limit, Budget budget) throws IOException {
        rows.sort(order.thenComparing(r -> view.plate((int) r[0])));
        List<PlateTally> out = new ArrayList<>();
        for (long[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            budget.check();
            out.add(new PlateTally(view.plate((int) r[0]), r[1], r[2], r[3], Evidence.passes(view, scope, view.plate((int) r[0]), Evidence.PER_RESULT, budget)));
        }
        return out;
    }
}
