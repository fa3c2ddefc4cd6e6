package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.core.Face;
import org.vistruct.core.GaTime;
import org.vistruct.core.Person;
import org.vistruct.core.RecordType;
import org.vistruct.core.SharedDirectory;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordQuery;

/**
 * The labelled portraits indexed through the whole pipeline, then searched by face with the real
 * CLI; and Person records from the people video.
 */
class FaceSearchAcceptanceTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String DEVICE = "34020000001320000100";
    private static final Map<String, String> ENV = Map.of("VISTRUCT_SHARED", SHARED.toString());
    private static Path work;
    /** FaceID → identity, from the labels (faces of a picture are labelled left to right). */
    private static final Map<String, String> identity = new HashMap<>();

    @BeforeAll
    static void indexThePortraits() throws Exception {
        work = Files.createTempDirectory("vistruct-faces");
        VistructConfig config = TestConfigs.load(Map.of());
        Map<String, String[]> labels = new HashMap<>();
        for (String[] row : Labels.rows("faces.csv")) labels.put(SHARED.resolve("media").resolve(row[0]).toAbsolutePath().normalize().toString(), row[2].split(";"));
        try (VistructRuntime runtime = new VistructRuntime(work.resolve("d"), config);
             AnalysisModels models = new AnalysisModels(runtime.modelFiles(), config.inferenceOptions(), config.analyzerSettings())) {
            RecordSink sink = runtime.sink();
            FileAnalysis.Summary s = new FileAnalysis(models, config.analyzerSettings(), config.decodeOptions(), sink)
                    .run(List.of(SHARED.resolve("media/faces").toString()), DEVICE, GaTime.parse("2026-11-21T10:00:00", ZONE), FileAnalysis.Progress.NONE);
            assertEquals(List.of(), s.failures());
            List<Face> faces = runtime.index().search(RecordQuery.all(100), Face.class);
            assertEquals(7, faces.size(), "seven labelled faces");
            Map<String, List<Face>> byFile = new HashMap<>();
            for (Face f : faces) byFile.computeIfAbsent(f.sourceFile(), k -> new java.util.ArrayList<>()).add(f);
            byFile.forEach((file, list) -> {
                list.sort(java.util.Comparator.comparingInt(f -> f.box().leftTopX()));
                for (int i = 0; i < list.size(); i++) identity.put(list.get(i).faceId(), labels.get(file)[i]);
            });
            List<Person> people = runtime.index().search(RecordQuery.all(100), Person.class);
            for (Face f : faces) {
                assertNotNull(f.personId(), "every portrait face is inside a person");
                assertTrue(people.stream().anyMatch(p -> p.personId().equals(f.personId())), "linked Person record exists");
                assertNotNull(runtime.pictures().get(f.storageUrl1()), "face picture stored");
            }
        }
    }

    @Test
    void eachSinglePersonPhotoRanksTheSamePersonFirst() throws Exception {
        ObjectMapper json = new ObjectMapper();
        float worstSame = 1, bestOther = 0;
        for (String[] row : Labels.rows("faces.csv")) {
            if (!row[1].equals("1")) continue;
            CliProcess.Result r = CliProcess.run(work, ENV, "--data", "d", "search", "--face", SHARED.resolve("media").resolve(row[0]).toString(),
                    "--json", "--limit", "10", "--min-similarity", "0");
            assertEquals(0, r.exit(), r.err());
            List<JsonNode> hits = r.out().lines().filter(l -> l.startsWith("{")).map(l -> {
                try {
                    return json.readTree(l);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertEquals(7, hits.size(), row[0]);
            boolean otherSeen = false;
            double previous = 2;
            for (JsonNode h : hits) {
                double s = h.get("Similarity").asDouble();
                assertTrue(s >= 0 && s <= 1 && s <= previous, "similarities in [0,1], best first");
                previous = s;
                assertNotNull(h.get("SourceFile"));
                assertNotNull(h.get("SourceOffsetMs"));
                boolean same = identity.get(h.get("FaceID").asText()).equals(row[2]);
                if (same) {
                    assertFalse(otherSeen, row[0] + ": a face of " + row[2] + " ranked below someone else");
                    worstSame = (float) Math.min(worstSame, s);
                } else {
                    otherSeen = true;
                    bestOther = (float) Math.max(bestOther, s);
                }
            }
        }
        System.out.printf("face search over the CLI: worst same-person similarity %.3f, best different-person %.3f%n", worstSame, bestOther);
        assertTrue(worstSame > bestOther);
    }

    @Test
    void aPhotoWithoutAFaceIsAClearError() throws Exception {
        CliProcess.Result r = CliProcess.run(work, ENV, "--data", "d", "search", "--face", SHARED.resolve("media/plates/ccpd/ccpd_np0.jpg").toString());
        assertNotEquals(0, r.exit());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("vistruct:")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("no face found"), lines.get(0));
    }

    @Test
    void typeFilterRestrictsTheKindOfRecord() throws Exception {
        CliProcess.Result r = CliProcess.run(work, ENV, "--data", "d", "search", "--type", "Person", "--json");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("{")).toList();
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"PersonID\"") && !l.contains("\"FaceID\"")), r.out());
    }

    @Test
    void thePeopleVideoGivesPersonRecords(@TempDir Path dir) throws Exception {
        // vehicles off: no plate detector on a video of people walking
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_ANALYSIS_VEHICLES", "false"));
        try (VistructRuntime runtime = new VistructRuntime(dir, config);
             AnalysisModels models = new AnalysisModels(runtime.modelFiles(), config.inferenceOptions(), config.analyzerSettings())) {
            RecordSink sink = runtime.sink();
            long t0 = System.nanoTime();
            FileAnalysis.Summary s = new FileAnalysis(models, config.analyzerSettings(), config.decodeOptions(), sink)
                    .run(List.of(SHARED.resolve("media/video/intel_one-by-one-person-detection.mp4").toString()), DEVICE, null, FileAnalysis.Progress.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(List.of(), s.failures());
            List<StructuredRecord> all = runtime.index().search(RecordQuery.all(10_000));
            long persons = all.stream().filter(r -> r.type() == RecordType.Person).count();
            long faces = all.stream().filter(r -> r.type() == RecordType.Face).count();
            System.out.printf("people video: %d Person records, %d Face records, %d frames analysed at %.1f frames/s%n",
                    persons, faces, s.framesAnalysed(), s.framesAnalysed() / seconds);
            assertTrue(persons >= 3, "people walk past one by one: " + persons);
            assertEquals(Set.of(), Set.copyOf(all.stream().filter(r -> r.type() == RecordType.MotorVehicle).toList()));
        }
    }
}
