package org.vistruct.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.*;
import org.vistruct.analyzer.image.Letterbox;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.plate.PlateCandidate;
import org.vistruct.analyzer.plate.PlateDetector;
import org.vistruct.core.SharedDirectory;
import org.vistruct.decoder.BgrMats;
import org.vistruct.decoder.ImageFileSource;

/**
 * Plate post-processing (score filter, box and corner decode, NMS) on the real 640 detector output
 * of a labelled street scene. The baseline reads every output value once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlatePostprocessBenchmark {
    private float[] output;
    private Letterbox letterbox;
    private int width, height;

    @Setup
    public void setUp() throws Exception {
        Path shared = SharedDirectory.require();
        Path image = shared.resolve("media/plates/hyperlpr/hyperlpr_test_img.jpg");
        try (InferenceEngine engine = new InferenceEngine(ModelFiles.standard(Path.of("data/models"), shared), InferenceOptions.defaults());
             Mat m = BgrMats.toMat(ImageFileSource.decode(Files.readAllBytes(image), image.toString()))) {
            PlateDetector detector = new PlateDetector(640, engine, 0.5f);
            output = detector.rawOutput(m);
            letterbox = detector.letterbox();
            width = m.cols();
            height = m.rows();
        }
    }

    @Benchmark
    public float baselineReadOutput() {
        float s = 0;
        for (float v : output) s += v;
        return s;
    }

    @Benchmark
    public List<PlateCandidate> platePostprocess() {
        return PlateDetector.postprocess(output, letterbox, width, height, 0.5f);
    }
}
