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

/**
 * HyperLPR3's plate colour classifier (96×96, BGR /255, softmax over blue, green, yellow), plus
 * the colours the model does not know, told from the characters: 警 → white, 港/澳/领/使 → black.
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

    public Result classify(Mat rectifiedPlate, String plateText) {
        ColorCode bySuffix = colorFromCharacters(plateText);
        if (bySuffix != null) return new Result(bySuffix, 1f);
        try (Size s = new Size(96, 96)) {
            resize(rectifiedPlate, resized, s, 0, 0, INTER_LINEAR);
        }
        tensor.put(resized, 0, 0);
        float[] p;
        try (OrtSession.Result r = model.run(tensor.buffer(), tensor.shape())) {
            p = OnnxModel.floats(r, 0);
        }
        int best = 0;
        for (int i = 1; i < Math.min(p.length, CLASSES.length); i++) if (p[i] > p[best]) best = i;
        return new Result(CLASSES[best], p[best]);
    }

    /** White for police plates, black for cross-border, embassy and consulate plates; null otherwise. */
    static ColorCode colorFromCharacters(String plate) {
        if (plate == null || plate.isEmpty()) return null;
        char last = plate.charAt(plate.length() - 1);
        if (last == '警') return ColorCode.WHITE;
        if (last == '港' || last == '澳' || last == '领' || last == '使') return ColorCode.BLACK;
        return null;
    }

    public OnnxModel model() { return model; }
}
