package org.vistruct.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.StreamAnalyzer;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.model.OnnxModel;
import java.time.ZoneId;
import org.vistruct.core.RecordIds;
import org.vistruct.core.SharedDirectory;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.FrameSource;
import org.vistruct.decoder.Sampling;
import org.vistruct.decoder.Sources;

/**
 * The end-to-end throughput harness. It makes a 1080p H.264 file (the labelled slideshow scaled
 * up, GOP 50, no B-frames), then measures on it, in one run:
 * <ol>
 *   <li>ffmpeg -threads 1 -f null: the baseline decode rate;</li>
 *   <li>vistruct's decoder on one thread, every frame decoded, 4 frames/s converted: frames/s and the ratio;</li>
 *   <li>the analysis of the sampled frames (vehicles, plates, people and faces, as configured by default):
 *   analysed frames/s and the share of wall time inside ONNX Runtime.</li>
 * </ol>
 * Usage: EndToEnd [work dir]; needs ffmpeg with libx264 on the PATH.
 */
public final class EndToEnd {
    private EndToEnd() {}

    /** Passes that are records of their own (a vehicle's early, provisional pass is replaced by its final one). */
    private static long finals(List<org.vistruct.analyzer.Pass> passes) {
        return passes.stream().filter(p -> !p.provisional()).count();
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench-out"));
        Path shared = SharedDirectory.require();
        Path video = work.resolve("e2e_1080p_h264.mp4");
        if (!Files.exists(video)) {
            exec(List.of("ffmpeg", "-v", "error", "-y", "-i", shared.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                    "-vf", "scale=1920:1080", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-bf", "0", "-pix_fmt", "yuv420p", video.toString()));
        }
        // 1. baseline: FFmpeg's own decoder, one thread, no output
        long t0 = System.nanoTime();
        exec(List.of("ffmpeg", "-v", "error", "-threads", "1", "-i", video.toString(), "-f", "null", "-"));
        double ffmpegSeconds = (System.nanoTime() - t0) / 1e9;

        // 2. vistruct's decoder: every frame decoded on one thread, only the sampled ones converted to BGR
        long frames;
        t0 = System.nanoTime();
        try (FrameSource src = Sources.open(video.toString(), new DecodeOptions(Sampling.rate(4), "none", 1), 0)) {
            while (src.next() != null) { /* decode only */ }
            frames = src.framesDecoded();
        }
        double decodeSeconds = (System.nanoTime() - t0) / 1e9;

        // 3. analysis of the sampled frames, models as configured by default
        AnalyzerSettings settings = AnalyzerSettings.defaults();
        long analysed, records = 0;
        double analyseSeconds, inferenceSeconds;
        try (AnalysisModels models = new AnalysisModels(ModelFiles.standard(Path.of("data/models"), shared), InferenceOptions.defaults(), settings);
             FrameSource src = Sources.open(video.toString(), DecodeOptions.defaults(), 0);
             StreamAnalyzer analyzer = new StreamAnalyzer(models, settings, false, "34020000001320000001", new RecordIds(ZoneId.of("Asia/Shanghai")))) {
            long inference0 = OnnxModel.totalInferenceNanos();
            t0 = System.nanoTime();
            for (DecodedFrame f; (f = src.next()) != null; ) records += finals(analyzer.accept(f));
            records += finals(analyzer.flush());
            analyseSeconds = (System.nanoTime() - t0) / 1e9;
            inferenceSeconds = (OnnxModel.totalInferenceNanos() - inference0) / 1e9;
            analysed = analyzer.framesAnalysed();
        }
        System.out.printf("file: %s (1920x1080 H.264, %d frames)%n", video, frames);
        System.out.printf("decode  ffmpeg -threads 1 -f null : %7.1f frames/s%n", frames / ffmpegSeconds);
        System.out.printf("decode  vistruct (1 thread, 4 fps to BGR): %7.1f frames/s  ratio %.2f%n", frames / decodeSeconds, ffmpegSeconds / decodeSeconds);
        System.out.printf("analyse vistruct (decode + models + tracking): %.1f analysed frames/s (%d frames, %d records), %.0f%% of wall time inside ONNX Runtime%n",
                analysed / analyseSeconds, analysed, records, 100 * inferenceSeconds / analyseSeconds);
    }

    static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
}
