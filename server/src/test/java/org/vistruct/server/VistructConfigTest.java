package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VistructConfigTest {
    @Test
    void fileThenEnvironmentOverrideTheDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("vistruct.properties"), "decoder.sampling=2\nanalysis.plate-detector=320\n");
        VistructConfig c = VistructConfig.load(file, Map.of("VISTRUCT_ANALYSIS_PLATE_DETECTOR", "640", "VISTRUCT_STORAGE_SECRET_KEY", "s3cr3t"));
        assertEquals(2.0, c.decodeOptions().sampling().fps());
        assertEquals(640, c.analyzerSettings().plateDetectorSize(), "the environment wins over the file");
        assertEquals("****", c.describe().get("storage.secret-key"), "secrets are masked");
    }

    @Test
    void badValuesNameTheirKey(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VistructConfig.load(null, Map.of("VISTRUCT_DECODER_THREADS", "many")).decodeOptions());
        assertTrue(e.getMessage().contains("decoder.threads"), e.getMessage());
        Path file = Files.writeString(dir.resolve("v.properties"), "decoder.samplng=2\n");
        e = assertThrows(IllegalArgumentException.class, () -> VistructConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("unknown setting 'decoder.samplng'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> VistructConfig.load(null, Map.of("VISTRUCT_ANALYSIS_PLATES_IN", "wheels")).analyzerSettings());
        assertTrue(e.getMessage().contains("analysis.plates-in") && e.getMessage().contains("vehicles, frame"), e.getMessage());
    }

    @Test
    void platesAreSearchedOnWholeFramesUnlessAskedOtherwise() throws Exception {
        assertFalse(VistructConfig.load(null, Map.of()).analyzerSettings().platesInVehicles(), "whole frames by default");
        assertTrue(VistructConfig.load(null, Map.of("VISTRUCT_ANALYSIS_PLATES_IN", "Vehicles")).analyzerSettings().platesInVehicles());
    }

    @Test
    void localProvincesAreProvinceCharactersFromAFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        assertEquals("", VistructConfig.load(null, Map.of()).analyzerSettings().localProvinces(), "no preference by default");
        Path file = Files.writeString(dir.resolve("v.properties"), "analysis.local-provinces=皖, 苏, 浙\n", java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("皖苏浙", VistructConfig.load(file, Map.of()).analyzerSettings().localProvinces(), "read as UTF-8, separators dropped");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VistructConfig.load(null, Map.of("VISTRUCT_ANALYSIS_LOCAL_PROVINCES", "皖Q")).analyzerSettings());
        assertTrue(e.getMessage().contains("analysis.local-provinces") && e.getMessage().contains("'Q'"), e.getMessage());
    }
}
