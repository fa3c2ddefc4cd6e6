package org.vistruct.analyzer.plate;

/** Greedy CTC decoding: best class per time step, repeats collapsed, blanks dropped. */
final class CtcDecoder {
    /** Characters with the probability each one was read with and the time step where each was read. */
    record Decoded(String text, float[] probabilities, int[] steps) {
        float mean() {
            if (probabilities.length == 0) return 0f;
            float s = 0;
            for (float p : probabilities) s += p;
            return s / probabilities.length;
        }
    }

    private CtcDecoder() {}

    /**
     * @param probs     probabilities (or logits when {@code softmax} is set) laid out as [time][class] when
     *                  {@code timeMajor}, else [class][time]
     * @param charOf    character of each class, null for the blank
     */
    static Decoded decode(float[] probs, int steps, int classes, boolean timeMajor, boolean softmax, String[] charOf) {
        StringBuilder text = new StringBuilder();
        float[] ps = new float[steps];
        int[] at = new int[steps];
        int n = 0, prev = -1;
        for (int t = 0; t < steps; t++) {
            int best = 0;
            float bestV = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                float v = probs[timeMajor ? t * classes + c : c * steps + t];
                if (v > bestV) {
                    bestV = v;
                    best = c;
                }
            }
            float p = bestV;
            if (softmax) {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.exp(probs[timeMajor ? t * classes + c : c * steps + t] - bestV);
                p = (float) (1.0 / sum);
            }
            if (best != prev && charOf[best] != null) {
                text.append(charOf[best]);
                at[n] = t;
                ps[n++] = p;
            }
            prev = best;
        }
        return new Decoded(text.toString(), java.util.Arrays.copyOf(ps, n), java.util.Arrays.copyOf(at, n));
    }
}
