package org.vistruct.analyzer.model;

/**
 * How ONNX Runtime runs the models.
 *
 * @param provider "cpu", or "cuda" for the CUDA execution provider (falls back to CPU with one warning)
 * @param threads  intra-op threads per session; 0 lets ONNX Runtime choose
 */
public record InferenceOptions(String provider, int threads) {
    public InferenceOptions {
        if (!provider.equals("cpu") && !provider.equals("cuda")) {
            throw new IllegalArgumentException("inference.provider must be 'cpu' or 'cuda', was '" + provider + "'");
        }
        if (threads < 0 || threads > 256) throw new IllegalArgumentException("inference.threads must be 0-256, was " + threads);
    }

    public static InferenceOptions defaults() { return new InferenceOptions("cpu", 0); }
}
