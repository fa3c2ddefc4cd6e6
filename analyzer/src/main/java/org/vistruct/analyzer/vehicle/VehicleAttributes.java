package org.vistruct.analyzer.vehicle;

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
 * Intel's vehicle-attributes-recognition-barrier-0039: colour (white, gray, yellow, red, green,
 * blue, black) and type (car, bus, truck, van) of a vehicle crop resized to 72×72, BGR 0-255.
 * Trained on front views; rear views of dark cars are its known weakness.
 */
public final class VehicleAttributes {
    private static final ColorCode[] COLORS = {ColorCode.WHITE, ColorCode.GREY, ColorCode.YELLOW, ColorCode.RED,
            ColorCode.GREEN, ColorCode.BLUE, ColorCode.BLACK};
    private static final String[] TYPES = {"car", "bus", "truck", "van"};

    /** Colour and type with their softmax confidences (0-1). */
    public record Result(ColorCode color, float colorConfidence, String type, float typeConfidence) {}

    private final OnnxModel model;
    private final ChwTensor tensor = new ChwTensor(72, 72, false, 1f, 0f);
    private final Mat resized = new Mat();

    public VehicleAttributes(InferenceEngine engine) {
        this.model = engine.session("vehicle-attributes");
    }

    public Result classify(Mat vehicleCrop) {
        try (Size s = new Size(72, 72)) {
            resize(vehicleCrop, resized, s, 0, 0, INTER_LINEAR);
        }
        tensor.put(resized, 0, 0);
        float[] color, type;
        try (OrtSession.Result r = model.run(tensor.buffer(), tensor.shape())) {
            color = OnnxModel.floats(r, r.get("color").isPresent() ? indexOf(r, "color") : 0);
            type = OnnxModel.floats(r, r.get("type").isPresent() ? indexOf(r, "type") : 1);
        }
        int c = argmax(color), t = argmax(type);
        return new Result(COLORS[c], color[c], TYPES[t], type[t]);
    }

    private static int indexOf(OrtSession.Result r, String name) {
        int i = 0;
        for (var e : r) {
            if (e.getKey().equals(name)) return i;
            i++;
        }
        return -1;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public OnnxModel model() { return model; }
}
