package org.vistruct.analyzer.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of one node: each loaded once, as one ONNX Runtime session, and shared by every live
 * stream, job and query photo. A session runs concurrent requests safely (ONNX Runtime's Run is
 * thread-safe); what is not shared is the pre-processing buffers, which each analysis thread keeps
 * in its own {@code AnalysisModels}. Loading a model once instead of once per stream saves its
 * memory and load time per stream, and keeps one intra-op thread pool per model instead of one per
 * stream and model fighting over the cores.
 */
public final class InferenceEngine implements AutoCloseable {
    private final ModelFiles files;
    private final InferenceOptions options;
    private final Map<String, OnnxModel> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public InferenceEngine(ModelFiles files, InferenceOptions options) {
        this.files = files;
        this.options = options;
    }

    /** The session of the model with this manifest name, loaded on first use; fails naming a missing or corrupt model. */
    public OnnxModel session(String manifestName) {
        if (closed) throw new IllegalStateException("the inference engine is closed");
        return sessions.computeIfAbsent(manifestName, n -> new OnnxModel(ModelManifest.load(n), files, options));
    }

    /** Where the model files are (for files beside a model, such as a character list). */
    public ModelFiles files() { return files; }

    @Override
    public void close() {
        closed = true;
        sessions.values().forEach(OnnxModel::close);
        sessions.clear();
    }
}
