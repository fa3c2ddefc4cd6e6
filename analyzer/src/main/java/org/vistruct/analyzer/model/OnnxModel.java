package org.vistruct.analyzer.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One ONNX Runtime session, with the time spent inside it counted for metrics. */
public final class OnnxModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);
    private static final AtomicBoolean cudaWarned = new AtomicBoolean();
    private static final LongAdder totalNanos = new LongAdder();
    /** Per model name: {nanoseconds inside ONNX Runtime, runs}, over every session of the process. */
    private static final java.util.Map<String, LongAdder[]> byName = new java.util.concurrent.ConcurrentHashMap<>();
    /** Sessions open in this process, whoever made them: what the metrics show as the node's sessions. */
    private static final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final ModelManifest manifest;
    // ERROR level: the bundled models trigger harmless initializer warnings at WARNING level
    private final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    private final OrtSession session;
    private final String inputName;
    private final LongAdder nanos = new LongAdder();
    private final LongAdder runs = new LongAdder();

    public OnnxModel(ModelManifest manifest, ModelFiles files, InferenceOptions options) {
        this.manifest = manifest;
        byte[] bytes = files.load(manifest);
        try {
            this.session = env.createSession(bytes, sessionOptions(options));
            this.inputName = session.getInputNames().iterator().next();
            open.incrementAndGet();
        } catch (OrtException e) {
            throw new ModelException("model " + manifest.name() + " (" + manifest.file() + ") cannot be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private OrtSession.SessionOptions sessionOptions(InferenceOptions options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        if (options.threads() > 0) so.setIntraOpNumThreads(options.threads());
        so.setInterOpNumThreads(1);
        if (options.provider().equals("cuda")) {
            try {
                so.addCUDA(0);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                if (cudaWarned.compareAndSet(false, true)) {
                    log.warn("inference.provider=cuda but the CUDA execution provider is not usable here ({}); running on the CPU", e.getMessage());
                }
            }
        }
        return so;
    }

    public String name() { return manifest.name(); }

    /** Runs the model on one float input of the given shape; the caller closes the result. */
    public OrtSession.Result run(FloatBuffer input, long[] shape) {
        long t0 = System.nanoTime();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape)) {
            return session.run(Map.of(inputName, tensor));
        } catch (OrtException e) {
            throw new ModelException("model " + manifest.name() + " failed on input " + java.util.Arrays.toString(shape) + ": " + e.getMessage(), e);
        } finally {
            long dt = System.nanoTime() - t0;
            nanos.add(dt);
            totalNanos.add(dt);
            runs.increment();
            LongAdder[] named = byName.computeIfAbsent(manifest.name(), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
            named[0].add(dt);
            named[1].increment();
        }
    }

    /** Reads output {@code index} of a result as a flat float array. */
    public static float[] floats(OrtSession.Result result, int index) {
        try {
            FloatBuffer fb = ((OnnxTensor) result.get(index)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        } catch (ClassCastException e) {
            throw new ModelException("output " + index + " is not a float tensor");
        }
    }

    public static long[] shape(OrtSession.Result result, int index) {
        try {
            return ((OnnxTensor) result.get(index)).getInfo().getShape();
        } catch (ClassCastException e) {
            throw new ModelException("output " + index + " is not a tensor");
        }
    }

    public long inferenceNanos() { return nanos.sum(); }

    public long runs() { return runs.sum(); }

    /** Seconds inside ONNX Runtime and runs, per model name, for the metrics endpoint. */
    public static java.util.Map<String, double[]> totalsByModel() {
        java.util.Map<String, double[]> out = new java.util.TreeMap<>();
        byName.forEach((k, v) -> out.put(k, new double[] {v[0].sum() / 1e9, v[1].sum()}));
        return out;
    }

    /** Time spent inside ONNX Runtime by every model in this process. */
    public static long totalInferenceNanos() { return totalNanos.sum(); }

    /** ONNX Runtime sessions open in this process now. */
    public static int openSessions() { return open.get(); }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        open.decrementAndGet();
        try {
            session.close();
        } catch (OrtException e) {
            log.debug("closing session {}", manifest.name(), e);
        }
    }
}
