package org.vistruct.analyzer.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.image.ChwTensor;
import org.vistruct.analyzer.image.Letterbox;
import org.vistruct.analyzer.image.Nms;
import org.vistruct.analyzer.model.ModelException;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.core.Box;

/**
 * YuNet (640×640): faces with five landmarks. Pre-processing: letterbox at the top-left, zero pad,
 * BGR 0-255. Post-processing per stride 8/16/32: score = sqrt(cls × obj), centre = (cell + d)·stride,
 * size = exp(d)·stride, landmarks (kps + cell)·stride; NMS at IoU 0.3. A score threshold near 0.6
 * keeps painted and background faces out.
 */
public final class FaceDetector {
    public static final int SIZE = 640;
    private static final int[] STRIDES = {8, 16, 32};
    private final OnnxModel model;
    private final Letterbox letterbox = new Letterbox(new ChwTensor(SIZE, SIZE, false, 1f, 0f), false, 0f);
    private final float minScore;
    private final int minSize;

    public FaceDetector(InferenceEngine engine, float minScore, int minSize) {
        this.model = engine.session("yunet");
        this.minScore = minScore;
        this.minSize = minSize;
    }

    public List<DetectedFace> detect(Mat image) {
        ChwTensor t = letterbox.apply(image);
        List<DetectedFace> found = new ArrayList<>();
        try (OrtSession.Result r = model.run(t.buffer(), t.shape())) {
            for (int stride : STRIDES) {
                float[] cls = output(r, "cls_" + stride), obj = output(r, "obj_" + stride);
                float[] bbox = output(r, "bbox_" + stride), kps = output(r, "kps_" + stride);
                int cols = SIZE / stride;
                for (int i = 0; i < cls.length; i++) {
                    float score = (float) Math.sqrt(Math.max(0, cls[i]) * Math.max(0, obj[i]));
                    if (score < minScore) continue;
                    int row = i / cols, col = i % cols;
                    float cx = (col + bbox[4 * i]) * stride, cy = (row + bbox[4 * i + 1]) * stride;
                    float w = (float) Math.exp(bbox[4 * i + 2]) * stride, h = (float) Math.exp(bbox[4 * i + 3]) * stride;
                    Box box = Box.ofFloat(letterbox.toSourceX(cx - w / 2), letterbox.toSourceY(cy - h / 2),
                            letterbox.toSourceX(cx + w / 2), letterbox.toSourceY(cy + h / 2)).clip(image.cols(), image.rows());
                    if (box.width() < minSize || box.height() < minSize) continue;
                    float[] marks = new float[10];
                    for (int k = 0; k < 5; k++) {
                        marks[2 * k] = letterbox.toSourceX((kps[10 * i + 2 * k] + col) * stride);
                        marks[2 * k + 1] = letterbox.toSourceY((kps[10 * i + 2 * k + 1] + row) * stride);
                    }
                    found.add(new DetectedFace(box, score, marks));
                }
            }
        }
        return Nms.apply(found, DetectedFace::box, DetectedFace::score, 0.3f);
    }

    private static float[] output(OrtSession.Result r, String name) {
        try {
            var v = r.get(name).orElseThrow(() -> new ModelException("YuNet output " + name + " missing"));
            var fb = ((OnnxTensor) v).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        } catch (ClassCastException e) {
            throw new ModelException("YuNet output " + name + " is not a float tensor");
        }
    }

    public OnnxModel model() { return model; }
}
