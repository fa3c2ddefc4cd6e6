package org.vistruct.analyzer.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.vistruct.core.Box;

/** Greedy non-maximum suppression. */
public final class Nms {
    private Nms() {}

    public static <T> List<T> apply(List<T> candidates, Function<T, Box> box, ToDoubleFunction<T> score, float iouThreshold) {
        List<T> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(score).reversed());
        List<T> kept = new ArrayList<>();
        outer:
        for (T c : sorted) {
            Box b = box.apply(c);
            for (T k : kept) if (box.apply(k).iou(b) > iouThreshold) continue outer;
            kept.add(c);
        }
        return kept;
    }
}
