package org.vistruct.analyzer.vehicle;

import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.image.ChwTensor;
import org.vistruct.analyzer.image.Letterbox;
import org.vistruct.analyzer.image.Nms;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.core.Box;

/**
 * YOLOX-nano (416×416, COCO): vehicles and people. Pre-processing: letterbox at the top-left, pad
 * 114, BGR 0-255. Post-processing: grid decode for strides 8/16/32, score = objectness × class,
 * class-wise NMS at IoU 0.45.
 */
public final class ObjectDetector {
    public static final int SIZE = 416;
    private static final int[] STRIDES = {8, 16, 32};
    /** COCO ids of the classes vistruct keeps, with their names. */
    private static final String[] CLASSES = new String[80];

    static {
        CLASSES[0] = "person";
        CLASSES[1] = "bicycle";
        CLASSES[2] = "car";
        CLASSES[3] = "motorcycle";
        CLASSES[5] = "bus";
        CLASSES[7] = "truck";
    }

    private final OnnxModel model;
    private final Letterbox letterbox = new Letterbox(new ChwTensor(SIZE, SIZE, false, 1f, 0f), false, 114f);
    private final float minScore;

    public ObjectDetector(InferenceEngine engine, float minScore) {
        this.model = engine.session("yolox-nano");
        this.minScore = minScore;
    }

    public List<Detection> detect(Mat image) {
        ChwTensor t = letterbox.apply(image);
        float[] out;
        try (OrtSession.Result r = model.run(t.buffer(), t.shape())) {
            out = OnnxModel.floats(r, 0);
        }
        return postprocess(out, letterbox, image.cols(), image.rows(), minScore);
    }

    /** Decodes the raw [1, 3549, 85] output into detections in picture pixels. */
    static List<Detection> postprocess(float[] out, Letterbox lb, int imageW, int imageH, float minScore) {
        List<Detection> found = new ArrayList<>();
        int row = 0;
        for (int stride : STRIDES) {
            int grid = SIZE / stride;
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++, row++) {
                    int o = row * 85;
                    float obj = out[o + 4];
                    if (obj < minScore) continue;
                    int best = -1;
                    float bestScore = 0;
                    for (int c = 0; c < 80; c++) {
                        if (CLASSES[c] == null) continue;
                        float s = obj * out[o + 5 + c];
                        if (s > bestScore) {
                            bestScore = s;
                            best = c;
                        }
                    }
                    if (best < 0 || bestScore < minScore) continue;
                    float cx = (out[o] + gx) * stride, cy = (out[o + 1] + gy) * stride;
                    float w = (float) Math.exp(out[o + 2]) * stride, h = (float) Math.exp(out[o + 3]) * stride;
                    Box box = Box.ofFloat(lb.toSourceX(cx - w / 2), lb.toSourceY(cy - h / 2),
                            lb.toSourceX(cx + w / 2), lb.toSourceY(cy + h / 2)).clip(imageW, imageH);
                    if (box.area() > 0) found.add(new Detection(box, CLASSES[best], bestScore));
                }
            }
        }
        List<Detection> kept = new ArrayList<>();
        for (String cls : new String[] {"person", "bicycle", "car", "motorcycle", "bus", "truck"}) {
            kept.addAll(Nms.apply(found.stream().filter(d -> d.className().equals(cls)).toList(), Detection::box, Detection::score, 0.45f));
        }
        return kept;
    }

    public OnnxModel model() { return model; }
}
