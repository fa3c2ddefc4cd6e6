package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.core.ColorCode;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.SharedDirectory;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordQuery;

/**
 * The labelled videos through the whole pipeline (FFmpeg decode, ONNX models, tracker, embedded
 * S3 over HTTP, Lucene on disk), then searched.
 */
class VideoAcceptanceTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String H264 = "34020000001320000264", H265 = "34020000001320000265", PAN = "34020000001320000009";
    private static final long START = GaTime.parse("2026-11-21T08:00:00", ZONE);
    private static Path data;
    private static VistructRuntime runtime;
    private static List<MotorVehicle> all;

    @BeforeAll
    static void analyse() throws Exception {
        data = Files.createTempDirectory("vistruct-video");
        VistructConfig config = TestConfigs.load(Map.of());
        runtime = new VistructRuntime(data, config);
        try (AnalysisModels models = new AnalysisModels(runtime.modelFiles(), config.inferenceOptions(), config.analyzerSettings())) {
            RecordSink sink = runtime.sink();
            FileAnalysis analysis = new FileAnalysis(models, config.analyzerSettings(), config.decodeOptions(), sink);
            for (var run : List.of(Map.entry(H264, "plates_slideshow_h264.mp4"), Map.entry(H265, "plates_slideshow_h265.mp4"),
                    Map.entry(PAN, "synth_cn_street_pan_1280x720.mp4"))) {
                long t0 = System.nanoTime();
                FileAnalysis.Summary s = analysis.run(List.of(SHARED.resolve("media/video").resolve(run.getValue()).toString()), run.getKey(), START, FileAnalysis.Progress.NONE);
                System.out.printf("%s: %d frames decoded, %d analysed, %d records in %.1f s (%.1f analysed frames/s)%n", run.getValue(),
                        s.framesDecoded(), s.framesAnalysed(), s.recordsWritten(), s.elapsedMs() / 1000.0, s.framesAnalysed() / ((System.nanoTime() - t0) / 1e9));
                assertEquals(List.of(), s.failures());
            }
        }
        all = runtime.index().search(RecordQuery.all(RecordQuery.MAX_LIMIT), MotorVehicle.class);
    }

    @AfterAll
    static void close() throws Exception {
        runtime.close();
    }

    private static List<MotorVehicle> of(String device, Predicate<MotorVehicle> p) {
        return all.stream().filter(r -> r.deviceId().equals(device)).filter(p).toList();
    }

    @Test
    void everyLabelledSpanGivesExactlyOnePlateRecord() throws Exception {
        for (var video : Map.of("plates_slideshow_h264.mp4", H264, "plates_slideshow_h265.mp4", H265).entrySet()) {
            int spans = 0, exact = 0;
            List<String> wrong = new ArrayList<>();
            for (String[] row : org.vistruct.server.Labels.rows("video_plates.csv")) {
                if (!row[0].equals(video.getKey())) continue;
                long from = START + Long.parseLong(row[1]) * 1000, to = START + Long.parseLong(row[2]) * 1000;
                List<MotorVehicle> inSpan = of(video.getValue(), r -> r.hasPlate() && r.passTime() >= from && r.passTime() < to);
                if (row[4].equals("-")) {
                    assertEquals(List.of(), inSpan.stream().map(MotorVehicle::plateNo).toList(), "no plate between " + row[1] + " and " + row[2] + " s");
                    continue;
                }
                spans++;
                assertEquals(1, inSpan.size(), video.getKey() + " " + row[1] + "-" + row[2] + " s: " + inSpan.stream().map(MotorVehicle::plateNo).toList());
                if (inSpan.get(0).plateNo().equals(row[4])) exact++;
                else wrong.add(row[4] + "→" + inSpan.get(0).plateNo());
            }
            System.out.printf("%s: %d of %d labelled spans read exactly %s%n", video.getKey(), exact, spans, wrong);
            assertEquals(14, spans);
            assertTrue(exact >= 12, video.getKey() + ": " + exact + " exact");
        }
    }

    @Test
    void theStreetPanGivesItsGreenPlate() {
        List<String> plates = of(PAN, MotorVehicle::hasPlate).stream().map(MotorVehicle::plateNo).toList();
        assertEquals(List.of("苏ED51712"), plates);
        assertEquals(ColorCode.GREEN, of(PAN, MotorVehicle::hasPlate).get(0).plateColor());
    }

    @Test
    void searchFiltersReturnExactlyTheMatchingRecords() throws Exception {
        var index = runtime.index();
        List<MotorVehicle> wanA = index.search(new RecordQuery(new PlatePattern("皖A*"), null, null, null, Set.of(H264), null, null, 100), MotorVehicle.class);
        assertEquals(of(H264, r -> r.plateNo().startsWith("皖A")).size(), wanA.size());
        assertTrue(wanA.size() >= 7, "the slideshow has 8 皖A plates: " + wanA.size());
        assertTrue(wanA.stream().anyMatch(r -> r.plateNo().equals("皖AT022C")));

        List<MotorVehicle> oneChar = index.search(new RecordQuery(new PlatePattern("皖A?022C"), null, null, null, Set.of(), null, null, 100), MotorVehicle.class);
        assertEquals(Set.of(H264, H265), Set.copyOf(oneChar.stream().map(MotorVehicle::deviceId).toList()));

        List<MotorVehicle> green = index.search(new RecordQuery(null, ColorCode.GREEN, null, null, Set.of(), null, null, 100), MotorVehicle.class);
        assertEquals(all.stream().filter(r -> r.plateColor() == ColorCode.GREEN).count(), green.size());
        assertTrue(green.stream().allMatch(r -> r.plateNo().equals("苏ED51712")), green.stream().map(MotorVehicle::plateNo).toList().toString());

        var cls = all.get(0).vehicleClass();
        assertEquals(all.stream().filter(r -> r.vehicleClass() == cls).count(),
                index.search(new RecordQuery(null, null, null, cls, Set.of(), null, null, 1000), MotorVehicle.class).size());
        var colour = all.get(0).vehicleColor();
        assertEquals(all.stream().filter(r -> r.vehicleColor() == colour).count(),
                index.search(new RecordQuery(null, null, colour, null, Set.of(), null, null, 1000), MotorVehicle.class).size());

        long from = START + 10_000, to = START + 20_000;
        List<MotorVehicle> window = index.search(new RecordQuery(null, null, null, null, Set.of(H265), from, to, 100), MotorVehicle.class);
        assertEquals(of(H265, r -> r.passTime() >= from && r.passTime() < to).size(), window.size());
        assertTrue(window.stream().anyMatch(r -> r.plateNo().equals("皖AT022C")));
        for (int i = 1; i < window.size(); i++) assertTrue(window.get(i - 1).passTime() >= window.get(i).passTime(), "newest first");
    }

    @Test
    void everyPictureDownloadsThroughTheS3ApiAsAJpeg() throws Exception {
        int pictures = 0;
        for (MotorVehicle r : all) {
            assertNotNull(r.storageUrl3(), "scene of " + r.motorVehicleId());
            if (r.hasPlate()) assertNotNull(r.storageUrl2(), "plate picture of " + r.plateNo());
            for (String key : new String[] {r.storageUrl1(), r.storageUrl2(), r.storageUrl3()}) {
                if (key == null) continue;
                assertTrue(key.startsWith(r.deviceId() + "/2026/11/21/08/" + r.motorVehicleId()), key);
                byte[] jpeg = runtime.pictures().get(key);
                assertEquals((byte) 0xFF, jpeg[0]);
                assertEquals((byte) 0xD8, jpeg[1]);
                assertNotNull(ImageIO.read(new ByteArrayInputStream(jpeg)), key + " decodes");
                pictures++;
            }
        }
        System.out.printf("%d records, %d pictures verified as JPEG over S3%n", all.size(), pictures);
    }

    @Test
    void recordsCarryTheirSourceAndGaT1400Fields() {
        MotorVehicle r = of(H264, m -> m.plateNo().equals("皖AT022C")).get(0);
        assertEquals(SHARED.resolve("media/video/plates_slideshow_h264.mp4").toAbsolutePath().normalize().toString(), r.sourceFile());
        assertTrue(r.sourceOffsetMs() >= 10_000 && r.sourceOffsetMs() < 12_000, "offset " + r.sourceOffsetMs());
        assertEquals(48, r.motorVehicleId().length());
        var json = RecordJson.of(r, ZONE);
        assertEquals("皖AT022C", json.get("PlateNo").asText());
        assertEquals("5", json.get("PlateColor").asText());
        assertEquals(GaTime.format(r.passTime(), ZONE), json.get("PassTime").asText());
        assertTrue(json.get("PassTime").asText().startsWith("202611210800"));
        assertNotNull(json.get("StorageUrl3"));
    }

}
