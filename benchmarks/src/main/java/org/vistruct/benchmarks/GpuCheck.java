package org.vistruct.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.StreamAnalyzer;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.core.RecordIds;
import org.vistruct.core.SharedDirectory;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.Sampling;
import org.vistruct.decoder.VideoFileSource;

/**
 * The GPU path, measured against the CPU in the same run (bin/gpu-check): decoding the 1080p
 * street video with NVDEC and with one CPU thread (every frame decoded, 4 a second converted), and
 * analysing its sampled frames, everything on, with ONNX Runtime's CUDA execution provider and on
 * the CPU. Prints frames/s of each and the streams of 1080p 25 fps analysed at 4 frames/s that one
 * GPU would carry by these throughputs. Without a GPU it says so in one line and measures nothing.
 *
 * <p>Usage: GpuCheck [dir] [sampled frames to analyse]
 */
public final class GpuCheck {
    private GpuCheck() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-out").resolve("streams");
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        String gpu = nvidiaSmi();
        if (gpu == null) {
            System.out.println("gpu-check: no NVIDIA GPU here (nvidia-smi absent or found none); nothing measured on a GPU. The CPU path: bin/bench streams");
            System.exit(0);
        }
        boolean cudaProvider = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        System.out.printf("gpu-check: %s; ONNX Runtime's CUDA execution provider %s%n", gpu,
                cudaProvider ? "available" : "NOT in this build (build with mvn -Pgpu for onnxruntime_gpu); inference below runs on the CPU both times");
        Path shared = SharedDirectory.require();
        Files.createDirectories(dir);
        Path video = StreamMedia.street(shared, dir);

        double cpuDecode = decodeFps(video, new DecodeOptions(Sampling.rate(4), "none", 1));
        double gpuDecode = decodeFps(video, new DecodeOptions(Sampling.rate(4), "cuda", 0));
        System.out.printf("decode %s: CPU (1 thread) %.0f frames/s, NVDEC %.0f frames/s (%.1f×)%n", video.getFileName(), cpuDecode, gpuDecode, gpuDecode / cpuDecode);

        List<DecodedFrame> sampled = new ArrayList<>();
        try (VideoFileSource src = new VideoFileSource(video.toString(), new DecodeOptions(Sampling.rate(4), "none", 0), 0)) {
            for (DecodedFrame f; sampled.size() < frames && (f = src.next()) != null; ) sampled.add(f);
        }
        ModelFiles files = ModelFiles.standard(Path.of("data/models"), shared);
        double cpu = analysedFps(files, new InferenceOptions("cpu", 0), sampled);
        double cuda = analysedFps(files, new InferenceOptions("cuda", 0), sampled);
        System.out.printf("analysis (vehicles, plates, people, faces; no motion gating) of %d sampled 1080p frames: CPU %.1f frames/s, CUDA %.1f frames/s (%.1f×)%n",
                sampled.size(), cpu, cuda, cuda / cpu);
        System.out.printf("streams of 1080p 25 fps at 4 analysed frames/s by these throughputs: by decoding %.0f, by analysis %.0f: about %.0f per GPU "
                + "(throughput, not a live run: bin/bench streams measures live streams)%n", gpuDecode / 25, cuda / 4, Math.min(gpuDecode / 25, cuda / 4));
        System.exit(0);
    }

    /** The GPU's name and memory as nvidia-smi reports them, or null when there is none. */
    private static String nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) return null;
            return out.lines().findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static double decodeFps(Path video, DecodeOptions options) throws Exception {
        long t0 = System.nanoTime();
        try (VideoFileSource src = new VideoFileSource(video.toString(), options, 0)) {
            while (src.next() != null) { /* every frame decoded, the sampled ones converted */ }
            return src.framesDecoded() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double analysedFps(ModelFiles files, InferenceOptions options, List<DecodedFrame> frames) {
        AnalyzerSettings settings = AnalyzerSettings.defaults().withFullPassMs(0);
        try (InferenceEngine engine = new InferenceEngine(files, options);
             AnalysisModels models = new AnalysisModels(engine, settings);
             StreamAnalyzer warm = new StreamAnalyzer(models, settings, false, "34020000001320000001", new RecordIds(ZoneId.of("Asia/Shanghai")))) {
            for (DecodedFrame f : frames.subList(0, Math.min(8, frames.size()))) warm.accept(f); // sessions loaded, kernels chosen
            long before = OnnxModel.totalInferenceNanos();
            long t0 = System.nanoTime();
            try (StreamAnalyzer a = new StreamAnalyzer(models, settings, false, "34020000001320000002", new RecordIds(ZoneId.of("Asia/Shanghai")))) {
                for (DecodedFrame f : frames) a.accept(f);
                a.flush();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  %s: %.1f s for %d frames, %.0f %% inside ONNX Runtime%n", options.provider(), seconds, frames.size(),
                    100.0 * (OnnxModel.totalInferenceNanos() - before) / 1e9 / seconds);
            return frames.size() / seconds;
        }
    }
}
