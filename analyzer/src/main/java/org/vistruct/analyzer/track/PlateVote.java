package org.vistruct.analyzer.track;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.analyzer.plate.PlateReading;

/**
 * The plate text of a track, voted over the readings of its best plate shots. Valid readings vote
 * with their confidence; the reliability (0-100) is the winner's share of the votes times its mean
 * confidence, so a plate read the same way every time by a confident reader scores near 100. When
 * no reading is valid the most confident one is kept with a reliability of at most 30.
 */
public record PlateVote(String text, int reliability, boolean valid, int readings, int agreeing) {

    public static PlateVote of(List<PlateReading> readings) {
        if (readings.isEmpty()) return null;
        Map<String, float[]> votes = new HashMap<>(); // text -> {sum of confidence, count}
        float total = 0;
        for (PlateReading r : readings) {
            if (!r.valid()) continue;
            float[] v = votes.computeIfAbsent(r.text(), t -> new float[2]);
            v[0] += r.confidence();
            v[1]++;
            total += r.confidence();
        }
        if (votes.isEmpty()) {
            PlateReading best = readings.stream().max((a, b) -> Float.compare(a.confidence(), b.confidence())).orElseThrow();
            return new PlateVote(best.text(), Math.round(30 * best.confidence()), false, readings.size(), 0);
        }
        Map.Entry<String, float[]> win = votes.entrySet().stream()
                .max((a, b) -> Float.compare(a.getValue()[0], b.getValue()[0])).orElseThrow();
        float share = win.getValue()[0] / total;
        float meanConfidence = win.getValue()[0] / win.getValue()[1];
        float validShare = (float) votes.values().stream().mapToDouble(v -> v[1]).sum() / readings.size();
        int reliability = Math.round(100 * share * meanConfidence * (0.5f + 0.5f * validShare));
        return new PlateVote(win.getKey(), reliability, true, readings.size(), (int) win.getValue()[1]);
    }
}
