package org.vistruct.analyzer.face;

import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.OnnxModel;

/**
 * MobileFaceNet: a 128-d feature of an aligned 112×112 face. Pre-processing: RGB, /255, ImageNet
 * mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). The feature is L2-normalised, so the
 * dot product of two features is their cosine similarity.
 */
public final class FaceEmbedder {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f}, STD = {0.229f, 0.224f, 0.225f};
    private static final int S = FaceAligner.SIZE;
    private final OnnxModel model;
    private final FloatBuffer input = ByteBuffer.allocateDirect(3 * S * S * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    private final float[] planes = new float[3 * S * S];
    private final byte[] row = new byte[S * 3];

    public FaceEmbedder(InferenceEngine engine) {
        this.model = engine.session("mobilefacenet");
    }

    /** @param aligned a 112×112 BGR face from {@link FaceAligner} */
    public float[] embed(Mat aligned) {
        if (aligned.cols() != S || aligned.rows() != S) throw new IllegalArgumentException("aligned face must be 112x112");
        var data = aligned.data();
        long step = aligned.step();
        for (int y = 0; y < S; y++) {
            data.position(y * step).get(row, 0, S * 3);
            for (int x = 0; x < S; x++) {
                int o = y * S + x;
                for (int c = 0; c < 3; c++) {
                    // RGB plane c takes BGR byte 2 - c
                    planes[c * S * S + o] = ((row[3 * x + 2 - c] & 0xFF) / 255f - MEAN[c]) / STD[c];
                }
            }
        }
        data.position(0);
        input.clear();
        input.put(planes).flip();
        float[] f;
        try (OrtSession.Result r = model.run(input, new long[] {1, 3, S, S})) {
            f = OnnxModel.floats(r, 0);
        }
        return normalise(f);
    }

    public static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0f;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }

    public static float cosine(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    public OnnxModel model() { return model; }
}
