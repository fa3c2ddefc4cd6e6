package org.vistruct.analyzer.plate;

import org.vistruct.core.PlateGrammar;

/**
 * What a recogniser saw where a plate's province should be: whether it read one there, the
 * reading without that place ({@code rest}, the issuing-office letter onwards), whether there is
 * a character's width left of the letter (a province the reader missed) or not (a plate cut off
 * by the picture's edge), and each province's best probability on the time steps of that place.
 *
 * <p>Room is judged from the CTC time steps, in character pitches: on the labelled plate crops
 * the letter after a missed or misread province starts 1.3-1.8 pitches from the left, and 0-0.7
 * when the province is cut away (a stroke left of it may still be read as a letter).
 *
 * @param rest         the characters from the issuing-office letter on; the reading without its province
 * @param provinceRead whether the recogniser read a province first
 * @param leftPitches how far {@code rest} starts from the left, in character pitches (infinite when a province was read)
 * @param scores each province's (in {@link PlateGrammar#PROVINCES} order) best probability left of {@code rest}
 */
public record ProvinceSlot(String rest, boolean provinceRead, double leftPitches, float[] scores) {
    /** How far, in character pitches, the letter must start from the left for a province to fit before it. */
    static final double ROOM_PITCHES = 1.0;

    /**
     * The slot of a decoding, or null when the reader read no plate character at all.
     *
     * @param probs         the recogniser's output, [time][class] when {@code timeMajor}
     * @param softmax       whether {@code probs} are logits
     * @param provinceClass the class of each province, -1 when the recogniser has none for it
     */
    static ProvinceSlot of(CtcDecoder.Decoded d, float[] probs, int steps, int classes, boolean timeMajor, boolean softmax,
                           int[] provinceClass) {
        StringBuilder kept = new StringBuilder();
        int[] at = new int[d.text().length()];
        for (int i = 0; i < d.text().length(); i++) {
            char c = Character.toUpperCase(d.text().charAt(i));
            if (OcrPlateRecognizer.kept(c)) {
                at[kept.length()] = d.steps()[i];
                kept.append(c);
            }
        }
        if (kept.isEmpty()) return null;
        String text = kept.toString();
        boolean read = PlateGrammar.PROVINCES.indexOf(text.charAt(0)) >= 0;
        // read, misread (a letter or digit where it stands) or not read at all
        int from = read || completes(text.substring(1)) && !completes(text) ? 1 : 0;
        String rest = fix(text.substring(from));
        // room: the letter starts at least a pitch (measured over the letter onwards) from the left
        int n = text.length();
        double pitch = n - from > 1 ? (at[n - 1] - at[from]) / (double) (n - 1 - from) : 0;
        double left = read ? Double.POSITIVE_INFINITY : from < n && pitch > 0 ? at[from] / pitch : 0;
        int end = from < text.length() ? at[from] : steps;
        float[] scores = new float[PlateGrammar.PROVINCES.length()];
        for (int t = 0; t < end; t++) {
            float top = softmax ? max(probs, t, steps, classes, timeMajor) : 0;
            double sum = softmax ? expSum(probs, t, steps, classes, timeMajor, top) : 1;
            for (int k = 0; k < scores.length; k++) {
                if (provinceClass[k] < 0) continue;
                float v = probs[timeMajor ? t * classes + provinceClass[k] : provinceClass[k] * steps + t];
                scores[k] = Math.max(scores[k], softmax ? (float) (Math.exp(v - top) / sum) : v);
            }
        }
        return new ProvinceSlot(rest, read, left, scores);
    }

    /** Whether the recogniser read no province and a province in front of {@code rest} makes a valid plate. */
    public boolean repairable() { return !provinceRead && completes(rest); }

    /** Whether there is a character's width left of {@code rest}. */
    public boolean room() { return leftPitches >= ROOM_PITCHES; }

    /** Whether some province in front of these characters makes a valid plate. */
    static boolean completes(String rest) {
        return !rest.isEmpty() && PlateGrammar.isValid(PlateGrammar.PROVINCES.charAt(0) + fix(rest));
    }

    /** I and O after the issuing-office letter are 1 and 0, as in a whole plate. */
    private static String fix(String rest) {
        return PlateGrammar.fixLetterDigitConfusions(PlateGrammar.PROVINCES.charAt(0) + rest).substring(1);
    }

    private static float max(float[] probs, int t, int steps, int classes, boolean timeMajor) {
        float m = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) m = Math.max(m, probs[timeMajor ? t * classes + c : c * steps + t]);
        return m;
    }

    private static double expSum(float[] probs, int t, int steps, int classes, boolean timeMajor, float m) {
        double s = 0;
        for (int c = 0; c < classes; c++) s += Math.exp(probs[timeMajor ? t * classes + c : c * steps + t] - m);
        return s;
    }

    /** The class index of each province in a recogniser's character list (-1 where it has none). */
    static int[] provinceClasses(String[] charOf) {
        int[] out = new int[PlateGrammar.PROVINCES.length()];
        java.util.Arrays.fill(out, -1);
        for (int c = 0; c < charOf.length; c++) {
            if (charOf[c] == null || charOf[c].length() != 1) continue;
            int k = PlateGrammar.PROVINCES.indexOf(charOf[c].charAt(0));
            if (k >= 0) out[k] = c;
        }
        return out;
    }
}
