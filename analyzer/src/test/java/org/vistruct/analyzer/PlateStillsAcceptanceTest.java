package org.vistruct.analyzer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.plate.PlateReading;
import org.vistruct.decoder.BgrMats;
import org.vistruct.decoder.ImageFileSource;

/** The labelled plate pictures (media/labels/plates.csv) through the real models. */
class PlateStillsAcceptanceTest {
    private static AnalysisModels models;

    @BeforeAll
    static void load() {
        models = new AnalysisModels(ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED), InferenceOptions.defaults(), AnalyzerSettings.defaults());
    }

    @AfterAll
    static void close() { models.close(); }

    private static List<VehiclePass> analyse(String image) throws Exception {
        return Stills.vehicles(models, Labels.MEDIA.resolve(image));
    }

    private static List<VehiclePass> withPlate(List<VehiclePass> passes) {
        return passes.stream().filter(p -> p.plate() != null).toList();
    }

    @Test
    void readableSceneImagesAreReadExactly() throws Exception {
        int labelled = 0, exact = 0;
        List<String> misses = new ArrayList<>();
        for (Labels.Plate l : Labels.plates()) {
            if (!l.readable() || l.crop()) continue;
            labelled++;
            List<VehiclePass> plates = withPlate(analyse(l.image()));
            boolean hit = plates.stream().anyMatch(p -> p.plate().valid() && p.plate().text().equals(l.plate()));
            if (hit) exact++;
            else misses.add(l.image() + " " + l.plate() + " -> " + plates.stream().map(p -> p.plate().text()).toList());
        }
        System.out.printf("stills: %d of %d readable labelled plates read exactly; misses %s%n", exact, labelled, misses);
        assertEquals(15, labelled);
        assertTrue(exact >= 13, "at least 13 of 15, got " + exact + ": " + misses);
    }

    @Test
    void theFourCropsAreReadByTheRecogniserAlone() throws Exception {
        int crops = 0;
        for (Labels.Plate l : Labels.plates()) {
            if (!l.crop()) continue;
            crops++;
            byte[] bytes = Files.readAllBytes(Labels.MEDIA.resolve(l.image()));
            try (Mat m = BgrMats.toMat(ImageFileSource.decode(bytes, l.image()))) {
                PlateReading r = models.plateReader().read(m);
                System.out.printf("crop %s: %s (%.2f, %s)%n", l.plate(), r.text(), r.confidence(), r.reader());
                assertEquals(l.plate(), r.text(), l.image());
            }
        }
        assertEquals(4, crops);
    }

    @Test
    void noPlateImagesGiveNoPlateRecord() throws Exception {
        int checked = 0;
        for (Labels.Plate l : Labels.plates()) {
            if (!l.noPlate()) continue;
            checked++;
            assertEquals(List.of(), withPlate(analyse(l.image())).stream().map(p -> p.plate().text()).toList(), l.image());
        }
        assertEquals(2, checked);
    }

    @Test
    void anUnreadableBlurredPlateCarriesALowReliability() throws Exception {
        for (VehiclePass p : withPlate(analyse("plates/ccpd/ccpd_blur2.jpg"))) {
            System.out.printf("blur2: %s reliability %d%n", p.plate().text(), p.plate().reliability());
            assertTrue(p.plate().reliability() < 50, "reliability " + p.plate().reliability());
        }
    }

    @Test
    void plateColoursAndClassesOfTheLabelledPlates() throws Exception {
        assertEquals(org.vistruct.core.ColorCode.GREEN, withPlate(analyse("plates/hyperlpr/hyperlpr_test_img.jpg")).stream()
                .filter(p -> p.plate().text().equals("苏ED51712")).findFirst().orElseThrow().plateColor(), "new-energy plate is green");
        assertEquals(org.vistruct.core.ColorCode.BLACK, withPlate(analyse("plates/hyperlpr/hyperlpr_a.jpg")).get(0).plateColor(), "港 plate is black");
        assertEquals(org.vistruct.core.ColorCode.BLUE, withPlate(analyse("plates/ccpd/ccpd_demo_2.jpg")).get(0).plateColor());
    }
}
