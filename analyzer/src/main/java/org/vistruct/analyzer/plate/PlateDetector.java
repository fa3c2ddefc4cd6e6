package org.vistruct.analyzer.plate;

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
 * HyperLPR3's y5fu plate detector (320 or 640). Pre-processing: letterbox centred, zero pad, RGB /255.
 * Each output row: cx, cy, w, h, objectness, four corners, single/double-layer scores; score =
 * objectness × max(class); NMS at IoU 0.5; corners ordered geometrically.
 */
public final class PlateDetector {
    private static final int ROW = 15;
    private final OnnxModel model;
    private final Letterbox letterbox;
    private final float minScore;

    /** @param size 320 or 640 */
    public PlateDetector(int size, InferenceEngine engine, float minScore) {
        if (size != 320 && size != 640) throw new IllegalArgumentException("plate detector size must be 320 or 640, was " + size);
        this.model = engine.session("plate-detector-" + size);
        this.letterbox = new Letterbox(new ChwTensor(size, size, true, 1f / 255f, 0f), true, 0f);
        this.minScore = minScore;
    }

    public List<PlateCandidate> detect(Mat image) {
        return postprocess(rawOutput(image), letterbox, image.cols(), image.rows(), minScore);
    }

    /** The model's raw output rows for a picture (letterboxed into this detector's letterbox). */
    public float[] rawOutput(Mat image) {
        ChwTensor t = letterbox.apply(image);
        try (OrtSession.Result r = model.run(t.buffer(), t.shape())) {
            return OnnxModel.floats(r, 0);
        }
    }

    public Letterbox letterbox() { return letterbox; }

    /** Decodes raw output rows into plates in picture pixels (public for the benchmarks). */
    public static List<PlateCandidate> postprocess(float[] out, Letterbox lb, int imageW, int imageH, float minScore) {
        List<PlateCandidate> found = new ArrayList<>();
        for (int o = 0; o + ROW <= out.length; o += ROW) {
            float obj = out[o + 4];
            if (obj < minScore) continue;
            float single = out[o + 13], dbl = out[o + 14];
            float score = obj * Math.max(single, dbl);
            if (score < minScore) continue;
            float cx = out[o], cy = out[o + 1], w = out[o + 2], h = out[o + 3];
            Box box = Box.ofFloat(lb.toSourceX(cx - w / 2), lb.toSourceY(cy - h / 2),
                    lb.toSourceX(cx + w / 2), lb.toSourceY(cy + h / 2)).clip(imageW, imageH);
            if (box.width() < 4 || box.height() < 2) continue;
            float[] pts = new float[8];
            for (int k = 0; k < 4; k++) {
                pts[2 * k] = clamp(lb.toSourceX(out[o + 5 + 2 * k]), imageW);
                pts[2 * k + 1] = clamp(lb.toSourceY(out[o + 6 + 2 * k]), imageH);
            }
            found.add(new PlateCandidate(box, orderCorners(pts), score, dbl > single));
        }
        return Nms.apply(found, PlateCandidate::box, PlateCandidate::score, 0.5f);
    }

    /** Orders four points as top-left, top-right, bottom-right, bottom-left. */
    static float[] orderCorners(float[] p) {
        int tl = 0, br = 0, tr = 0, bl = 0;
        for (int k = 1; k < 4; k++) {
            float sum = p[2 * k] + p[2 * k + 1], diff = p[2 * k + 1] - p[2 * k];
            if (sum < p[2 * tl] + p[2 * tl + 1]) tl = k;
            if (sum > p[2 * br] + p[2 * br + 1]) br = k;
            if (diff < p[2 * tr + 1] - p[2 * tr]) tr = k;
            if (diff > p[2 * bl + 1] - p[2 * bl]) bl = k;
        }
        return new float[] {p[2 * tl], p[2 * tl + 1], p[2 * tr], p[2 * tr + 1], p[2 * br], p[2 * br + 1], p[2 * bl], p[2 * bl + 1]};
    }

    private static float clamp(float v, int max) { return Math.max(0, Math.min(max - 1, v)); }

    public OnnxModel model() { return model; }
}
