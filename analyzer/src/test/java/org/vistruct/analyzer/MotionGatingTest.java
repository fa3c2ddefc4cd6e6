package org.vistruct.analyzer;

import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.track.MotionGate;
import org.vistruct.core.RecordIds;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.VideoFileSource;

/**
 * Motion gating: a still picture with sensor noise is not motion, a small car moving in a 1080p
 * frame is; a still scene is analysed only at the periodic full passes, parked vehicles are held
 * through it; and the labelled videos give the same plates and vehicles with gating on as with it off.
 */
class MotionGatingTest {
    private static AnalysisModels models;

    @BeforeAll
    static void load() {
        models = new AnalysisModels(ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED), InferenceOptions.defaults(), AnalyzerSettings.defaults());
    }

    @AfterAll
    static void close() { models.close(); }

    @Test
    void noiseIsStillAndASmallMovingCarIsMotion() {
        Random rnd = new Random(3);
        try (Mat scene = texture(rnd)) {
            MotionGate gate = new MotionGate();
            assertTrue(gate.moved(scene), "the first frame counts as change");
            int stillMoved = 0;
            for (int i = 0; i < 20; i++) {
                try (Mat noisy = noisy(scene, rnd, 4)) {
                    if (gate.moved(noisy)) stillMoved++;
                }
            }
            assertEquals(0, stillMoved, "sensor noise (sigma 4 grey levels) on a still scene is not motion");
            int missed = 0;
            for (int step = 0; step < 10; step++) {
                // a dark car 40×30 pixels, 10 pixels further at each sampled frame, somewhere in a 1920×1080 frame
                try (Mat a = scene.clone(); Mat b = scene.clone()) {
                    int x = 100 + rnd.nextInt(1700), y = 100 + rnd.nextInt(900);
                    rectangle(a, new Rect(x, y, 40, 30), new Scalar(30, 30, 30, 0), -1, 8, 0);
                    rectangle(b, new Rect(x + 10, y, 40, 30), new Scalar(30, 30, 30, 0), -1, 8, 0);
                    gate.moved(a);
                    if (!gate.moved(b)) missed++;
                }
            }
            assertEquals(0, missed, "a 40×30 car moving 10 pixels is motion (cells changed at the last: " + gate.lastChanged() + ")");
        }
    }

    @Test
    void aStillSceneIsAnalysedOnlyAtFullPasses(@TempDir Path dir) throws Exception {
        // 20 s of a still 1280×720 scene with sensor noise that changes every frame
        Path video = dir.resolve("still.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=1,trim=end_frame=1,loop=loop=500:size=1",
                "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-t", "20", video.toString()).inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg made the still scene");
        Run gated = run(video, AnalyzerSettings.defaults());
        Run every = run(video, withFullPass(0));
        System.out.printf("motion gating, still 720p scene of 20 s: detectors on %d of %d sampled frames (%.1f s of analysis) against %d (%.1f s) without: %.2f of the cost%n",
                gated.frames - gated.gated, gated.frames, gated.seconds, every.frames, every.seconds, gated.seconds / every.seconds);
        assertEquals(every.frames, gated.frames);
        assertTrue(gated.frames - gated.gated <= 11, "a full pass every 2 s of video, and the first frame: " + (gated.frames - gated.gated));
    }

    @Test
    void parkedVehiclesAreHeldThroughStillFrames(@TempDir Path dir) throws Exception {
        // 20 s of the HyperLPR street photo (parked cars, a motorbike, the green plate 苏ED51712) as a fixed camera sees it
        Path video = dir.resolve("parked.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", "25",
                "-i", Labels.MEDIA.resolve("plates/hyperlpr/hyperlpr_test_img.jpg").toString(), "-vf", "scale=1280:720,format=yuv420p,noise=alls=6:allf=t",
                "-c:v", "libx264", "-g", "50", "-bf", "0", "-t", "20", video.toString()).inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg made the parked scene");
        Run gated = run(video, AnalyzerSettings.defaults());
        Run every = run(video, withFullPass(0));
        System.out.printf("motion gating, parked vehicles 20 s: detectors on %d of %d sampled frames (%.1f s) against %d (%.1f s): %.2f of the cost; "
                        + "vehicles %s gated, %s without%n", gated.frames - gated.gated, gated.frames, gated.seconds, every.frames, every.seconds,
                gated.seconds / every.seconds, gated.plates, every.plates);
        // YOLOX's detections of parked vehicles flicker, so every run splits them into several records (20 in 20 s without gating);
        // holding must not add to that, and the plate's car is read once
        int gatedVehicles = gated.plates.values().stream().mapToInt(Integer::intValue).sum(), everyVehicles = every.plates.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(gatedVehicles <= everyVehicles, "held tracks split no more: " + gated.plates + " against " + every.plates);
        assertEquals(1, gated.plates.getOrDefault("苏ED51712", 0), "the parked car's plate, once: " + gated.plates);
        assertTrue(gated.frames - gated.gated <= gated.frames / 2, "detectors on " + (gated.frames - gated.gated) + " of " + gated.frames + " frames");
    }

    @Test
    void labelledVideosGiveTheSameRecordsGatedOrNot() throws Exception {
        for (String name : List.of("plates_slideshow_h264.mp4", "intel_car-detection.mp4")) {
            Path video = Labels.MEDIA.resolve("video").resolve(name);
            Run gated = run(video, AnalyzerSettings.defaults());
            Run every = run(video, withFullPass(0));
            System.out.printf("motion gating, %s: %d of %d sampled frames gated, %.1f s against %.1f s; vehicles %s gated, %s without%n", name, gated.gated,
                    gated.frames, gated.seconds, every.seconds, gated.plates, every.plates);
            assertEquals(every.plates, gated.plates, name + ": the same vehicles and plates with gating on");
        }
    }

    private record Run(long frames, long gated, double seconds, TreeMap<String, Integer> plates) {}

    private static Run run(Path video, AnalyzerSettings settings) throws Exception {
        TreeMap<String, Integer> plates = new TreeMap<>();
        long t0 = System.nanoTime();
        try (VideoFileSource src = new VideoFileSource(video.toString(), DecodeOptions.defaults(), 0);
             StreamAnalyzer a = new StreamAnalyzer(models, settings, false, "34020000001320000001", new RecordIds(ZoneId.of("Asia/Shanghai"), 1, 0))) {
            List<Pass> passes = new ArrayList<>();
            for (DecodedFrame f; (f = src.next()) != null; ) passes.addAll(a.accept(f));
            passes.addAll(a.flush());
            for (Pass pass : passes) {
                if (pass instanceof VehiclePass v && !v.provisional()) plates.merge(v.plate() != null && v.plate().valid() ? v.plate().text() : "(no plate)", 1, Integer::sum);
            }
            return new Run(a.framesAnalysed(), a.framesGated(), (System.nanoTime() - t0) / 1e9, plates);
        }
    }

    private static AnalyzerSettings withFullPass(long ms) { return AnalyzerSettings.defaults().withFullPassMs(ms); }

    /** The picture with Gaussian noise of this many grey levels on every byte, as a sensor gives. */
    private static Mat noisy(Mat scene, Random rnd, double sigma) {
        Mat m = scene.clone();
        byte[] b = new byte[(int) (m.total() * m.channels())];
        m.data().get(b);
        for (int i = 0; i < b.length; i++) b[i] = (byte) Math.max(0, Math.min(255, (b[i] & 0xFF) + (int) Math.round(rnd.nextGaussian() * sigma)));
        m.data().put(b);
        return m;
    }

    /** A 1920×1080 picture with structure at many scales (random rectangles), like a street's. */
    private static Mat texture(Random rnd) {
        Mat m = new Mat(1080, 1920, opencv_core.CV_8UC3, new Scalar(120, 120, 120, 0));
        for (int i = 0; i < 400; i++) {
            int w = 10 + rnd.nextInt(200), h = 10 + rnd.nextInt(120);
            rectangle(m, new Rect(rnd.nextInt(1920 - w), rnd.nextInt(1080 - h), w, h),
                    new Scalar(60 + rnd.nextInt(160), 60 + rnd.nextInt(160), 60 + rnd.nextInt(160), 0), -1, 8, 0);
        }
        return m;
    }
}
