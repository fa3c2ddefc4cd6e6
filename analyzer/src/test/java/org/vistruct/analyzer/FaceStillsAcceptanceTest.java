package org.vistruct.analyzer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vistruct.analyzer.face.FaceEmbedder;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.core.RecordIds;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.ImageFileSource;

/** The labelled portraits (media/labels/faces.csv) through YuNet, the aligner and MobileFaceNet. */
class FaceStillsAcceptanceTest {
    private static AnalysisModels models;

    @BeforeAll
    static void load() {
        models = new AnalysisModels(ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED), InferenceOptions.defaults(), AnalyzerSettings.defaults());
    }

    @AfterAll
    static void close() { models.close(); }

    /** The faces of a picture, left to right. */
    static List<FacePass> faces(String image) throws Exception {
        byte[] bytes = Files.readAllBytes(Labels.MEDIA.resolve(image));
        try (StreamAnalyzer a = new StreamAnalyzer(models, AnalyzerSettings.defaults(), true, "34020000001320000001", new RecordIds(ZoneId.of("Asia/Shanghai")))) {
            return a.accept(new DecodedFrame(ImageFileSource.decode(bytes, image), 0, 0, true)).stream()
                    .filter(p -> p instanceof FacePass).map(FacePass.class::cast)
                    .sorted(Comparator.comparingInt(f -> f.box().leftTopX())).toList();
        }
    }

    @Test
    void everyPictureHasItsLabelledNumberOfFacesAndSamePeopleRankFirst() throws Exception {
        record Known(String image, String who, float[] feature) {}
        List<Known> all = new ArrayList<>();
        for (String[] row : Labels.rows("faces.csv")) {
            List<FacePass> found = faces(row[0]);
            System.out.printf("%s: %d faces (labelled %s), qualities %s, person links %s%n", row[0], found.size(), row[1],
                    found.stream().map(FacePass::quality).toList(), found.stream().map(f -> f.personId() != null).toList());
            assertEquals(Integer.parseInt(row[1]), found.size(), row[0]);
            String[] who = row[2].split(";");
            for (int i = 0; i < found.size(); i++) all.add(new Known(row[0], who[i], found.get(i).feature()));
        }
        assertEquals(7, all.size());
        float worstSame = 1, bestDifferent = -1;
        for (Known q : all) {
            if (q.image().contains("two_people")) continue; // queries are the single-person pictures
            List<Known> ranked = all.stream().filter(k -> k != q)
                    .sorted(Comparator.comparingDouble((Known k) -> FaceEmbedder.cosine(q.feature(), k.feature())).reversed()).toList();
            boolean seenOther = false;
            for (Known k : ranked) {
                float s = FaceEmbedder.cosine(q.feature(), k.feature());
                if (k.who().equals(q.who())) {
                    assertFalse(seenOther, q.image() + ": " + k.image() + " (same person) ranked below another person");
                    worstSame = Math.min(worstSame, s);
                } else {
                    seenOther = true;
                    bestDifferent = Math.max(bestDifferent, s);
                }
            }
        }
        System.out.printf("faces: worst same-person similarity %.3f, best different-person similarity %.3f%n", worstSame, bestDifferent);
        assertTrue(worstSame > bestDifferent);
    }

    @Test
    void aFaceInsideAPersonIsLinkedToThatPerson() throws Exception {
        byte[] bytes = Files.readAllBytes(Labels.MEDIA.resolve("faces/fr_two_people.jpg"));
        try (StreamAnalyzer a = new StreamAnalyzer(models, AnalyzerSettings.defaults(), true, "34020000001320000001", new RecordIds(ZoneId.of("Asia/Shanghai")))) {
            List<Pass> passes = a.accept(new DecodedFrame(ImageFileSource.decode(bytes, "two"), 0, 0, true));
            List<String> people = passes.stream().filter(p -> p instanceof PersonPass).map(Pass::id).toList();
            List<FacePass> faces = passes.stream().filter(p -> p instanceof FacePass).map(FacePass.class::cast).toList();
            assertEquals(2, faces.size());
            for (FacePass f : faces) assertTrue(people.contains(f.personId()), "face linked to a Person record: " + f.personId() + " in " + people);
            assertNotEquals(faces.get(0).personId(), faces.get(1).personId());
        }
    }
}
