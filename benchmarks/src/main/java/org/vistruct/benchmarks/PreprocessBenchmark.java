package org.vistruct.benchmarks;

import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.*;
import org.vistruct.analyzer.image.ChwTensor;
import org.vistruct.analyzer.image.Letterbox;
import org.vistruct.core.BgrImage;
import org.vistruct.decoder.BgrMats;

/**
 * Frame pre-processing of the two per-frame models on a 1280×720 frame: YOLOX (416, top-left,
 * pad 114, BGR) and the plate detector (640, centred, RGB /255). The baseline copies the frame's
 * bytes once, so the ratio says how many frame copies pre-processing costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PreprocessBenchmark {
    private Mat frame;
    private byte[] frameBytes, copy;
    private final Letterbox yolox = new Letterbox(new ChwTensor(416, 416, false, 1f, 0f), false, 114f);
    private final Letterbox plate = new Letterbox(new ChwTensor(640, 640, true, 1f / 255f, 0f), true, 0f);

    @Setup
    public void setUp() {
        frameBytes = new byte[1280 * 720 * 3];
        new java.util.Random(7).nextBytes(frameBytes);
        copy = new byte[frameBytes.length];
        frame = BgrMats.toMat(new BgrImage(1280, 720, frameBytes));
    }

    @TearDown
    public void tearDown() { frame.close(); }

    @Benchmark
    public byte[] baselineFrameCopy() {
        System.arraycopy(frameBytes, 0, copy, 0, copy.length);
        return copy;
    }

    @Benchmark
    public Object letterboxYolox416() { return yolox.apply(frame).buffer(); }

    @Benchmark
    public Object letterboxPlate640() { return plate.apply(frame).buffer(); }
}
