package org.vistruct.analyzer.plate;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OrtSession;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.vistruct.analyzer.image.ChwTensor;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.core.ColorCode;
import org.vistruct.core.PlateGrammar;

/**
 * HyperLPR3's plate colour classifier (96×96, BGR /255, softmax over blue, green, yellow), held to
 * the colours a plate of that layout can have (GA 36-2018): the characters decide where they can
 * (警 white; 港/澳/领/使 black; 学/挂 yellow; eight characters, new energy, green); a two-row plate
 * is yellow (trucks, buses, trailers, motorcycles) or blue (light motorcycles); a valid seven-character
 * plate is never green. The model chooses among the colours left, its probability renormalised over
 * them as the confidence.
 */
public final class PlateColorClassifier {
    private static final ColorCode[] CLASSES = {ColorCode.BLUE, ColorCode.GREEN, ColorCode.YELLOW};

    public record Result(ColorCode color, float confidence) {}

    private final OnnxModel model;
    private final ChwTensor tensor = new ChwTensor(96, 96, false, 1f / 255f, 0f);
    private final Mat resized = new Mat();

    public PlateColorClassifier(InferenceEngine engine) {
        this.model = engine.session("plate-color");
    }

    public Result classify(Mat rectifiedPlate, String plateText, boolean doubleLayer) {
        ColorCode bySuffix = colorFromCharacters(plateText);
        if (bySuffix != null) return new Result(bySuffix, 1f);
        if (PlateGrammar.isNewEnergy(plateText)) return new Result(ColorCode.GREEN, 1f);
        try (Size s = new Size(96, 96)) {
            resize(rectifiedPlate, resized, s, 0, 0, INTER_LINEAR);
        }
        tensor.put(resized, 0, 0);
        float[] p;
        try (OrtSession.Result r = model.run(tensor.buffer(), tensor.shape())) {
            p = OnnxModel.floats(r, 0);
        }
        return choose(p, !doubleLayer && !PlateGrammar.isValid(plateText));
    }

    /** The most probable of the colours allowed (green only when the layout leaves it possible). */
    static Result choose(float[] p, boolean greenPossible) {
        int best = -1;
        float sum = 0;
        for (int i = 0; i < Math.min(p.length, CLASSES.length); i++) {
            if (CLASSES[i] == ColorCode.GREEN && !greenPossible) continue;
            sum += p[i];
            if (best < 0 || p[i] > p[best]) best = i;
        }
        return new Result(CLASSES[best], sum > 0 ? p[best] / sum : 0f);
    }

    /** White for police plates, black for cross-border, embassy and consulate plates, yellow for coach and trailer plates; null otherwise. */
    static ColorCode colorFromCharacters(String plate) {
        if (plate == null || plate.isEmpty()) return null;
        char last = plate.charAt(plate.length() - 1);
        if (last == '警') return ColorCode.WHITE;
        if (last == '港' || last == '澳' || last == '领' || last == '使') return ColorCode.BLACK;
        if (last == '学' || last == '挂') return ColorCode.YELLOW;
        return null;
    }

    public OnnxModel model() { return model; }
}
