package org.vistruct.analyzer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.plate.PlateReading;
import org.vistruct.analyzer.plate.ProvinceRepair;
import org.vistruct.analyzer.track.PlateVote;
import org.vistruct.core.PlateGrammar;
import org.vistruct.decoder.BgrMats;
import org.vistruct.decoder.ImageFileSource;

/**
 * The plate pictures gathered beside the shared ones (test resources labelled-plates/, sources and
 * licences in its SOURCES.md): 203 crops read by the cascade, the same crops with their province
 * cut off, and 22 CCPD photographs through the whole still-picture path, with figures per category.
 */
class PlateLabelledSetTest {
    private static AnalysisModels models;
    private static Path root;

    @BeforeAll
    static void load() throws URISyntaxException {
        models = new AnalysisModels(ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED), InferenceOptions.defaults(), AnalyzerSettings.defaults());
        root = Path.of(PlateLabelledSetTest.class.getResource("/labelled-plates/SOURCES.md").toURI()).getParent();
    }

    @AfterAll
    static void close() { models.close(); }

    private static List<Path> crops() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("crops"))) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    private static String plateOf(Path crop) { return crop.getFileName().toString().replace(".jpg", ""); }

    private static Mat decode(Path picture) throws IOException {
        return BgrMats.toMat(ImageFileSource.decode(Files.readAllBytes(picture), picture.toString()));
    }

    @Test
    void cropsAreReadExactly() throws IOException {
        List<Path> crops = crops();
        int exact = 0, exactOutside = 0, outside = 0;
        List<String> misses = new ArrayList<>();
        for (Path crop : crops) {
            String truth = plateOf(crop);
            boolean other = truth.charAt(0) != '皖';
            if (other) outside++;
            try (Mat m = decode(crop)) {
                PlateReading r = models.plateReader().read(m);
                if (r.valid() && r.text().equals(truth)) {
                    exact++;
                    if (other) exactOutside++;
                } else {
                    misses.add(truth + "→" + r.text());
                }
            }
        }
        System.out.printf("labelled crops: %d of %d read exactly (%.1f %%), provinces other than 皖 %d of %d; misses %s%n",
                exact, crops.size(), 100.0 * exact / crops.size(), exactOutside, outside, misses);
        assertEquals(203, crops.size());
        assertTrue(exact >= 196, "at least 196 of 203 (measured 197), got " + exact + ": " + misses);
    }

    @Test
    void aProvinceCutOffByThePictureEdgeIsNeverInvented() throws IOException {
        for (double cut : new double[] {0.18, 0.22}) {
            int dash = 0, withProvince = 0, restExact = 0;
            List<String> invented = new ArrayList<>();
            for (Path crop : crops()) {
                String truth = plateOf(crop);
                try (Mat whole = decode(crop)) {
                    int x = (int) Math.round(whole.cols() * cut);
                    try (Rect keep = new Rect(x, 0, whole.cols() - x, whole.rows()); Mat view = new Mat(whole, keep); Mat m = view.clone()) {
                        PlateReading r = models.plateReader().read(m);
                        String t = r.text();
                        if (!t.isEmpty() && PlateGrammar.PROVINCES.indexOf(t.charAt(0)) >= 0) {
                            withProvince++;
                            invented.add(truth + "→" + t + (r.valid() ? "" : " (invalid)"));
                        }
                        if (!t.isEmpty() && t.charAt(0) == ProvinceRepair.UNREAD) {
                            dash++;
                            if (t.substring(1).equals(truth.substring(1))) restExact++;
                            assertFalse(r.valid(), "a reading without its province is not a valid plate: " + t);
                        }
                    }
                }
            }
            System.out.printf("crops with the left %.0f %% cut off: %d read with '-' for the province (%d of them exact after it), %d with a province: %s%n",
                    100 * cut, dash, restExact, withProvince, invented);
            assertEquals(List.of(), invented, "no reading may carry a province that is not in the picture");
        }
    }

    private record Scene(String image, String plate, String category) {}

    private static List<Scene> scenes() throws IOException {
        return Files.readAllLines(root.resolve("scenes.csv"), StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",", -1)).map(f -> new Scene(f[0], f[1], f[2])).toList();
    }

    private static List<PlateVote> platesIn(String image) throws Exception {
        return Stills.vehicles(models, root.resolve("scenes").resolve(image)).stream().map(VehiclePass::plate).filter(p -> p != null).toList();
    }

    @Test
    void photographsByCategory() throws Exception {
        Map<String, int[]> byCategory = new TreeMap<>(); // category -> {labelled, exact}
        List<String> misses = new ArrayList<>();
        int readable = 0, exact = 0, hidden = 0, noPlate = 0;
        for (Scene s : scenes()) {
            List<PlateVote> plates = platesIn(s.image());
            List<String> texts = plates.stream().map(PlateVote::text).toList();
            if (s.plate().isEmpty()) {
                noPlate++;
                assertEquals(List.of(), texts, s.image() + " has no plate");
                continue;
            }
            int[] c = byCategory.computeIfAbsent(s.category(), k -> new int[2]);
            c[0]++;
            if (s.plate().charAt(0) == ProvinceRepair.UNREAD) {
                hidden++;
                for (String t : texts) {
                    assertTrue(t.isEmpty() || PlateGrammar.PROVINCES.indexOf(t.charAt(0)) < 0,
                            s.image() + ": its province cannot be seen, yet it was read as " + t);
                }
                if (texts.contains(s.plate())) c[1]++;
                else misses.add(s.image() + " " + s.plate() + "→" + texts);
                continue;
            }
            readable++;
            if (plates.stream().anyMatch(p -> p.valid() && p.text().equals(s.plate()))) {
                exact++;
                c[1]++;
            } else {
                misses.add(s.image() + " " + s.plate() + "→" + texts);
            }
        }
        StringBuilder line = new StringBuilder();
        byCategory.forEach((k, v) -> line.append(String.format(" %s %d/%d;", k, v[1], v[0])));
        System.out.printf("labelled photographs: %d of %d readable plates exact;%s province hidden: %d; no plate: %d (none raised); misses %s%n",
                exact, readable, line, hidden, noPlate, misses);
        assertEquals(16, readable);
        assertEquals(4, noPlate);
        assertTrue(exact >= 15, "at least 15 of 16 (measured 16), got " + exact + ": " + misses);
    }
}
