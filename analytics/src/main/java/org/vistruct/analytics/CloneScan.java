package org.vistruct.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;

/**
 * 套牌 suspects over a time range: every readable plate's passes in time order, each consecutive
 * pair judged by {@link CloneRules}; a plate is reported once, with its strongest breach and both
 * passes side by side, plus how many pairs broke a rule.
 */
public final class CloneScan {
    public record Suspect(String plate, CloneRules.Rule rule, String reason, MotorVehicle first, MotorVehicle second, int breaches, double strength,
                          String pairKey) {}

    private CloneScan() {}

    static Answer<Suspect> run(PassView view, Scope scope, CloneRules rules, Places places, boolean travel, int limit, Budget budget,
                               AnalyticsSettings settings) throws IOException {
        PassTable t = new PassTable(budget);
        Readability readable = new Readability(view, settings.minPlateReliability());
        view.scan(scope.query(), (p, d, time, a, r) -> {
            if (readable.accept(p, a)) t.pass(p, d, time, a, r);
        });
        if (travel) {
            TreeSet<String> seen = new TreeSet<>();
            boolean[] noted = new boolean[view.deviceIds()];
            for (int i = 0; i < t.size; i++) {
                if (!noted[t.device[i]]) {
                    noted[t.device[i]] = true;
                    seen.add(view.device(t.device[i]));
                }
            }
            places.requirePositions(scope.devices().isEmpty() ? seen : scope.devices(), "the impossible-travel rule (rule=attributes runs without)");
        }
        t.groupByPlate(view.plateIds());
        record Found(int plate, int x, int y, CloneRules.Breach breach, int count) {}
        List<Found> found = new ArrayList<>();
        String[] deviceNames = new String[view.deviceIds()];
        for (int p = 0; p + 1 < t.start.length; p++) {
            if (t.start[p + 1] - t.start[p] < 2) continue;
            budget.check();
            Found best = null;
            int count = 0;
            for (int i = t.start[p] + 1; i < t.start[p + 1]; i++) {
                int x = t.order[i - 1], y = t.order[i];
                CloneRules.Breach b = rules.judge(view.plate(p), name(view, deviceNames, t.device[x]), t.time[x], t.attributes[x],
                        name(view, deviceNames, t.device[y]), t.time[y], t.attributes[y], travel);
                if (b == null) continue;
                count++;
                if (best == null || b.strength() > best.breach().strength()) best = new Found(p, x, y, b, 0);
            }
            if (best != null) found.add(new Found(best.plate(), best.x(), best.y(), best.breach(), count));
        }
        found.sort(Comparator.comparingInt(Found::count).thenComparingDouble(f -> f.breach().strength()).reversed());
        boolean truncated = found.size() > limit;
        List<Found> shown = truncated ? found.subList(0, limit) : found;
        long[] refs = new long[shown.size() * 2];
        for (int i = 0; i < shown.size(); i++) {
            refs[2 * i] = t.ref[shown.get(i).x()];
            refs[2 * i + 1] = t.ref[shown.get(i).y()];
        }
        List<MotorVehicle> passes = view.records(refs);
        List<Suspect> out = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            Found f = shown.get(i);
            out.add(new Suspect(view.plate(f.plate()), f.breach().rule(), f.breach().reason(), passes.get(2 * i), passes.get(2 * i + 1), f.count(),
                    f.breach().strength(), f.breach().pairKey()));
        }
        return new Answer<>(out, t.size + readable.excluded, readable.excluded, view.uncolumned(scope.from(), scope.to()), budget.elapsedMs(), truncated);
    }

    static String name(PassView view, String[] names, int id) {
        String n = names[id];
        if (n == null) names[id] = n = view.device(id);
        return n;
    }
}
