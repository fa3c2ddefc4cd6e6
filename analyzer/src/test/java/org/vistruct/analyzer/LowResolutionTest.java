package org.vistruct.analyzer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.core.RecordIds;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.VideoFileSource;

/**
 * The labelled videos as a CIF camera (352×288) sends them, scaled by ffmpeg: no face where there is
 * no person (a real CIF stream once gave a Face record on a pair of headlights), every face inside a
 * person, and what is left of vehicles and plates at that size, printed (full resolution:
 * MotionGatingTest and VideoAcceptanceTest; docs/PERFORMANCE.md sets them side by side).
 */
class LowResolutionTest {
    private static AnalysisModels models;
    @TempDir
    static Path dir;

    @BeforeAll
    static void load() {
        models = new AnalysisModels(ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED), InferenceOptions.defaults(), AnalyzerSettings.defaults());
    }

    @AfterAll
    static void close() { models.close(); }

    private record Run(TreeMap<String, Integer> vehicles, int persons, List<FacePass> faces) {}

    private static Path cif(String name) throws Exception {
        Path out = dir.resolve("cif_" + name);
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", Labels.MEDIA.resolve("video").resolve(name).toString(),
                "-vf", "scale=352:288", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", out.toString()).inheritIO().start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg scaled " + name);
        return out;
    }

    private static Run run(Path video) throws Exception {
        TreeMap<String, Integer> vehicles = new TreeMap<>();
        int persons = 0;
        List<FacePass> faces = new ArrayList<>();
        try (VideoFileSource src = new VideoFileSource(video.toString(), DecodeOptions.defaults(), 0);
             StreamAnalyzer a = new StreamAnalyzer(models, AnalyzerSettings.defaults(), false, "34020000001320000001", new RecordIds(ZoneId.of("Asia/Shanghai"), 1, 0))) {
            List<Pass> passes = new ArrayList<>();
            for (DecodedFrame f; (f = src.next()) != null; ) passes.addAll(a.accept(f));
            passes.addAll(a.flush());
            for (Pass pass : passes) {
                if (pass instanceof VehiclePass v && !v.provisional()) {
                    vehicles.merge(v.plate() != null && v.plate().valid() ? v.plate().text() : "(no valid plate)", 1, Integer::sum);
                } else if (pass instanceof PersonPass p && !p.provisional()) {
                    persons++;
                } else if (pass instanceof FacePass f && !f.provisional()) {
                    faces.add(f);
                }
            }
        }
        return new Run(vehicles, persons, faces);
    }

    @Test
    void noFacesWithoutAPersonAtCif() throws Exception {
        for (String name : List.of("intel_car-detection.mp4", "plates_slideshow_h264.mp4", "intel_one-by-one-person-detection.mp4")) {
            Run low = run(cif(name));
            System.out.printf("CIF %s: vehicles %s, persons %d, faces %d%n", name, low.vehicles(), low.persons(), low.faces().size());
            for (FacePass f : low.faces()) assertNotNull(f.personId(), name + ": a face outside any person at CIF, " + f.box());
            if (!name.contains("person")) assertEquals(0, low.faces().size(), name + " shows no face, yet CIF gave " + low.faces().size());
            assertTrue(low.faces().size() <= low.persons(), name + ": more faces than persons at CIF");
        }
    }
}
