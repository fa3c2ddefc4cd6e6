package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.SharedDirectory;

/** Bad input of every kind gives one clear line and a non-zero exit; what was stored stays searchable. */
class CliBadInputTest {
    private static final Path SLIDESHOW = SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4");
    private static final Map<String, String> ENV = Map.of("VISTRUCT_SHARED", SharedDirectory.require().toString());

    /** The lines vistruct itself printed on stderr (the JVM's own notices aside). */
    private static List<String> ownErrors(CliProcess.Result r) {
        return r.err().lines().filter(l -> l.startsWith("vistruct:")).toList();
    }

    private static void assertOneClearLine(CliProcess.Result r, String... fragments) {
        assertNotEquals(0, r.exit(), r.err());
        List<String> lines = ownErrors(r);
        assertEquals(1, lines.size(), "one message line: " + r.err());
        for (String f : fragments) assertTrue(lines.get(0).contains(f), "'" + f + "' in: " + lines.get(0));
        System.out.println("  " + lines.get(0));
    }

    @Test
    void truncatedNonVideoAndUnreadableInputs(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(SLIDESHOW);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
        assertOneClearLine(CliProcess.run(dir, ENV, "--data", "d", "analyze", "-q", cut.toString(), "--device-id", "1"), "cut.mp4", "not a readable video");

        Path text = Files.writeString(dir.resolve("notes.mp4"), "minutes of the meeting, not a video");
        assertOneClearLine(CliProcess.run(dir, ENV, "--data", "d", "analyze", "-q", text.toString(), "--device-id", "1"), "notes.mp4", "not a readable video");

        assertOneClearLine(CliProcess.run(dir, ENV, "--data", "d", "analyze", "-q", dir.resolve("gone.mp4").toString(), "--device-id", "1"), "gone.mp4", "no such file");
    }

    @Test
    void aMissingModelIsNamedWithItsRemedy(@TempDir Path dir) throws Exception {
        Path emptyShared = Files.createDirectories(dir.resolve("shared/models"));
        CliProcess.Result r = CliProcess.run(dir, Map.of("VISTRUCT_SHARED", emptyShared.getParent().toString()),
                "--data", "d", "analyze", "-q", SLIDESHOW.toString(), "--device-id", "1");
        assertOneClearLine(r, "model yolox-nano is missing", "detect/yolox_nano_416_coco.onnx", "vistruct models fetch");
    }

    @Test
    void aMalformedSearchIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("d/index"));
        assertOneClearLine(CliProcess.run(dir, ENV, "--data", "d", "search", "--plate", "皖A[12"), "plate pattern", "'['");
        assertOneClearLine(CliProcess.run(dir, ENV, "--data", "d", "search", "--from", "yesterday"), "cannot read time 'yesterday'");
        assertOneClearLine(CliProcess.run(dir, ENV, "--data", "d", "search", "--plate-color", "plaid"), "unknown colour 'plaid'");
        assertOneClearLine(CliProcess.run(dir, Map.of("VISTRUCT_ANALYSIS_PLATE_DETECTOR", "500", "VISTRUCT_SHARED", ENV.get("VISTRUCT_SHARED")),
                "--data", "d", "analyze", "-q", SLIDESHOW.toString(), "--device-id", "1"), "analysis.plate-detector");
    }

    @Test
    void recordsOfAnInterruptedRunStaySearchable(@TempDir Path dir) throws Exception {
        Process p = CliProcess.builder(dir, ENV, "--data", "d", "analyze", "-q", SLIDESHOW.toString(), "--device-id", "34020000001320000001")
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.txt").toFile()).start();
        // wait until a few records are committed, then stop it the way an operator does (SIGTERM)
        long deadline = System.currentTimeMillis() + 120_000;
        int committed = 0;
        while (committed < 3 && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(300);
            committed = committedRecords(dir.resolve("d/index"));
        }
        assertTrue(p.isAlive(), "still analysing when interrupted");
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops after SIGTERM");
        CliProcess.Result search = CliProcess.run(dir, ENV, "--data", "d", "search", "--json");
        assertEquals(0, search.exit(), search.err());
        long found = search.out().lines().filter(l -> l.startsWith("{")).count();
        System.out.printf("interrupted run: %d records committed before SIGTERM, %d searchable after%n", committed, found);
        assertTrue(found >= committed && found > 0, found + " searchable, " + committed + " seen committed");
        assertTrue(found < 18, "the run was really cut short: " + found);
    }

    private static int committedRecords(Path index) {
        try (var dirr = org.apache.lucene.store.FSDirectory.open(index); var reader = org.apache.lucene.index.DirectoryReader.open(dirr)) {
            return reader.numDocs();
        } catch (Exception notYet) {
            return 0;
        }
    }
}
