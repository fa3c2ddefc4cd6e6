package org.vistruct.analyzer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.core.RecordIds;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.VideoFileSource;

/**
 * Plates searched on the whole frame against inside vehicle boxes, on the labelled slideshows:
 * exact reads per labelled span and the plate detectors' time, printed for both; the default
 * (whole frame) keeps the figures of the acceptance tests, the other must stay within one plate.
 */
class PlateSearchTest {
    private static InferenceEngine engine;

    @BeforeAll
    static void load() {
        engine = new InferenceEngine(ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED), InferenceOptions.defaults());
    }

    @AfterAll
    static void close() { engine.close(); }

    @Test
    void wholeFramesKeepTheFiguresAndVehicleBoxesLoseAtMostOnePlate() throws Exception {
        for (String name : List.of("plates_slideshow_h264.mp4", "plates_slideshow_h265.mp4")) {
            List<String[]> spans = Labels.rows("video_plates.csv").stream().filter(r -> r[0].equals(name) && !r[4].isEmpty()).toList();
            Run frame = run(name, spans, false), vehicles = run(name, spans, true);
            System.out.printf("plates in %s: whole frame %d of %d exact (plate detector %.1f s), vehicle boxes %d exact (%.1f s) %s%n", name, frame.exact,
                    spans.size(), frame.detectorSeconds, vehicles.exact, vehicles.detectorSeconds, vehicles.misses);
            assertTrue(frame.exact >= 13, name + ": whole frames read " + frame.exact + " " + frame.misses);
            assertTrue(vehicles.exact >= frame.exact - 1, name + ": vehicle boxes read " + vehicles.exact + " " + vehicles.misses);
        }
    }

    private record Run(int exact, List<String> misses, double detectorSeconds) {}

    private static Run run(String name, List<String[]> spans, boolean inVehicles) throws Exception {
        AnalyzerSettings settings = AnalyzerSettings.defaults().withPlatesInVehicles(inVehicles);
        List<VehiclePass> passes = new ArrayList<>();
        double before = detectorSeconds();
        try (AnalysisModels models = new AnalysisModels(engine, settings);
             VideoFileSource src = new VideoFileSource(Labels.MEDIA.resolve("video").resolve(name).toString(), DecodeOptions.defaults(), 0);
             StreamAnalyzer a = new StreamAnalyzer(models, settings, false, "34020000001320000001", new RecordIds(ZoneId.of("Asia/Shanghai"), 1, 0))) {
            List<Pass> all = new ArrayList<>();
            for (DecodedFrame f; (f = src.next()) != null; ) all.addAll(a.accept(f));
            all.addAll(a.flush());
            for (Pass p : all) if (p instanceof VehiclePass v && !v.provisional() && v.plate() != null) passes.add(v);
        }
        int exact = 0;
        List<String> misses = new ArrayList<>();
        for (String[] span : spans) {
            long from = Long.parseLong(span[1]) * 1000, to = Long.parseLong(span[2]) * 1000;
            List<String> read = passes.stream().filter(v -> v.offsetMs() >= from && v.offsetMs() < to).map(v -> v.plate().text()).toList();
            if (read.equals(List.of(span[4]))) exact++;
            else misses.add(span[4] + "→" + read);
        }
        return new Run(exact, misses, detectorSeconds() - before);
    }

    /** Seconds inside the plate detectors, over the process. */
    private static double detectorSeconds() {
        return org.vistruct.analyzer.model.OnnxModel.totalsByModel().entrySet().stream().filter(e -> e.getKey().startsWith("plate-detector"))
                .mapToDouble(e -> e.getValue()[0]).sum();
    }
}
