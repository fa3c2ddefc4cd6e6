package org.vistruct.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.vistruct.core.SharedDirectory;

/**
 * Would batching or int8 make the detectors cheaper on this CPU? For YOLOX, the plate detector
 * (640) and YuNet: the shipped model at batch 1 (the baseline), the same graph with a free batch
 * dimension at batches 2, 4 and 8, and the int8 QDQ speed probe, each timed per picture in the same
 * run on one intra-op thread (as a node runs one request per stream). The batch variant is also
 * checked: each picture's outputs in a batch of two must equal its outputs alone. The variants are
 * made by {@code tools/onnx/variants.py} (python3-onnx).
 *
 * <p>Usage: DetectorVariantsBenchmark [dir] [runs per measure]
 */
public final class DetectorVariantsBenchmark {
    private static final List<String> DETECTORS = List.of(
            "detect/yolox_nano_416_coco.onnx", "plate/hyperlpr3_y5fu_640x_sim.onnx", "face/face_detection_yunet_2023mar.onnx");
    private static final int[] BATCHES = {2, 4, 8};

    private DetectorVariantsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-out").resolve("detector-variants");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path shared = SharedDirectory.require();
        Files.createDirectories(dir);
        System.out.printf("detector variants, %d runs each, 1 intra-op thread; CPU: %s%n", runs, cpu());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (String model : DETECTORS) {
            Path source = shared.resolve("models").resolve(model);
            String name = source.getFileName().toString().replace(".onnx", "");
            Path batched = variant("batch", source, dir.resolve(name + ".batch.onnx"));
            Path int8 = variant("int8", source, dir.resolve(name + ".int8-probe.onnx"));
            try (OrtSession base = session(env, source); OrtSession free = session(env, batched); OrtSession probe = session(env, int8)) {
                long[] shape = ((TensorInfo) base.getInputInfo().values().iterator().next().getInfo()).getShape();
                double one = msPerPicture(env, base, shape, 1, runs);
                StringBuilder line = new StringBuilder(String.format("%-32s fp32 batch 1 %.1f ms", name, one));
                for (int b : BATCHES) {
                    double ms = msPerPicture(env, free, shape, b, Math.max(3, runs / b));
                    line.append(String.format("; batch %d %.1f ms/picture (%.2f×)", b, ms, one / ms));
                }
                double q = msPerPicture(env, probe, shape, 1, runs);
                line.append(String.format("; int8 probe %.1f ms (%.2f×); batch of 2 against alone: max |diff| %s",
                        q, one / q, batchAgreement(env, base, free, shape)));
                System.out.println(line);
            }
        }
        System.out.println("(× = speed relative to fp32 batch 1 in this run; above 1 is faster)");
    }

    /** The CPU's name and whether it has the int8 dot-product instructions (VNNI) that int8 kernels need to pay off. */
    private static String cpu() throws java.io.IOException {
        String model = "unknown", flags = "";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name") && model.equals("unknown")) model = line.substring(line.indexOf(':') + 1).trim();
            if (line.startsWith("flags") && flags.isEmpty()) flags = " " + line.substring(line.indexOf(':') + 1) + " ";
        }
        String simd = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : "no AVX2";
        boolean vnni = flags.contains(" avx512_vnni ") || flags.contains(" avx_vnni ");
        return model + ", " + simd + (vnni ? " with VNNI" : ", no VNNI");
    }

    private static Path variant(String kind, Path source, Path out) throws Exception {
        Path script = Path.of("tools/onnx/variants.py").toAbsolutePath();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), kind, source.toString(), out.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("tools/onnx/variants.py " + kind + " failed (it needs python3-onnx: apt-get install python3-onnx): " + said);
        }
        return out;
    }

    private static OrtSession session(OrtEnvironment env, Path model) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return env.createSession(model.toString(), o);
    }

    private static OnnxTensor input(OrtEnvironment env, long[] shape, int batch, long seed) throws OrtException {
        long[] s = shape.clone();
        s[0] = batch;
        int n = 1;
        for (long d : s) n *= (int) d;
        float[] x = new float[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) x[i] = r.nextFloat() * 255f;
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(x), s);
    }

    private static double msPerPicture(OrtEnvironment env, OrtSession s, long[] shape, int batch, int runs) throws OrtException {
        String in = s.getInputNames().iterator().next();
        try (OnnxTensor t = input(env, shape, batch, 1)) {
            for (int i = 0; i < 3; i++) s.run(Map.of(in, t)).close();
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) s.run(Map.of(in, t)).close();
            return (System.nanoTime() - t0) / 1e6 / runs / batch;
        }
    }

    /**
     * The largest difference between a picture's first output alone (shipped model) and inside a
     * batch of two, beside the difference between the two pictures' outputs (what a mix-up would show).
     */
    private static String batchAgreement(OrtEnvironment env, OrtSession base, OrtSession free, long[] shape) throws OrtException {
        String in = base.getInputNames().iterator().next();
        int per = 1;
        for (int i = 1; i < shape.length; i++) per *= (int) shape[i];
        double worst = 0, apart = 0;
        try (OnnxTensor a = input(env, shape, 1, 7); OnnxTensor b = input(env, shape, 1, 8); OnnxTensor ab = pair(env, a, b, shape, per)) {
            float[] fa = flat(base.run(Map.of(in, a)));
            float[] fb = flat(base.run(Map.of(in, b)));
            float[] fab = flat(free.run(Map.of(in, ab)));
            if (fab.length != fa.length + fb.length) return "batch output of " + fab.length + " values, not " + (fa.length + fb.length);
            for (int i = 0; i < fa.length; i++) worst = Math.max(worst, Math.abs(fa[i] - fab[i]));
            for (int i = 0; i < fb.length; i++) worst = Math.max(worst, Math.abs(fb[i] - fab[fa.length + i]));
            for (int i = 0; i < fa.length; i++) apart = Math.max(apart, Math.abs(fa[i] - fb[i]));
        }
        return String.format("%.2g (the two pictures' outputs differ by up to %.2g)", worst, apart);
    }

    private static OnnxTensor pair(OrtEnvironment env, OnnxTensor a, OnnxTensor b, long[] shape, int per) throws OrtException {
        float[] x = new float[2 * per];
        a.getFloatBuffer().get(x, 0, per);
        b.getFloatBuffer().get(x, per, per);
        long[] s = shape.clone();
        s[0] = 2;
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(x), s);
    }

    /** The first output, flattened (every detector here puts its boxes or scores first, batch leading). */
    private static float[] flat(OrtSession.Result r) throws OrtException {
        try (r) {
            OnnxTensor t = (OnnxTensor) r.get(0);
            FloatBuffer fb = t.getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }
}
