package org.vistruct.decoder;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vistruct.core.SharedDirectory;

class VideoFileSourceTest {
    private static final Path VIDEO = SharedDirectory.require().resolve("media/video");

    @ParameterizedTest
    @ValueSource(strings = {"plates_slideshow_h264.mp4", "plates_slideshow_h265.mp4"})
    void samplesAtTheConfiguredRateWithOffsetsAndWallTime(String file) throws Exception {
        long start = 1_700_000_000_000L;
        List<DecodedFrame> frames = new ArrayList<>();
        long decoded;
        try (FrameSource src = Sources.open(VIDEO.resolve(file).toString(), new DecodeOptions(Sampling.rate(4), "none", 0), start)) {
            for (DecodedFrame f; (f = src.next()) != null; ) frames.add(f);
            decoded = src.framesDecoded();
            assertEquals(32_000, src.durationMs(), 100);
        }
        assertEquals(800, decoded, 2, "every frame of 32 s at 25 fps is decoded");
        assertEquals(128, frames.size(), 2, "4 frames/s of 32 s are analysed");
        for (int i = 1; i < frames.size(); i++) {
            long gap = frames.get(i).offsetMs() - frames.get(i - 1).offsetMs();
            assertTrue(gap >= 200 && gap <= 320, "gap " + gap);
        }
        DecodedFrame last = frames.get(frames.size() - 1);
        assertEquals(start + last.offsetMs(), last.wallTimeMs());
        assertEquals(1280, last.image().width());
        assertEquals(720, last.image().height());
    }

    @Test
    void keyframesModeDecodesOnlyKeyframes() throws Exception {
        try (FrameSource src = Sources.open(VIDEO.resolve("plates_slideshow_h264.mp4").toString(), new DecodeOptions(Sampling.keyframes(), "none", 0), 0)) {
            int n = 0;
            for (DecodedFrame f; (f = src.next()) != null; n++) assertTrue(f.keyFrame(), "frame at " + f.offsetMs());
            assertEquals(16, n, "GOP 50 at 25 fps over 32 s");
        }
    }

    @Test
    void cudaRequestFallsBackToCpuWithoutAGpu() throws Exception {
        try (FrameSource src = Sources.open(VIDEO.resolve("plates_slideshow_h264.mp4").toString(), new DecodeOptions(Sampling.rate(1), "cuda", 0), 0)) {
            assertNotNull(src.next());
        }
    }

    @Test
    void badInputsFailWithAMessageNamingTheSource(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video at all");
        DecodeException e = assertThrows(DecodeException.class, () -> Sources.open(text.toString(), DecodeOptions.defaults(), 0));
        assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());

        e = assertThrows(DecodeException.class, () -> Sources.open(dir.resolve("missing.mp4").toString(), DecodeOptions.defaults(), 0));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());

        Path badJpeg = Files.write(dir.resolve("x.jpg"), new byte[] {1, 2, 3});
        try (FrameSource src = Sources.open(badJpeg.toString(), DecodeOptions.defaults(), 0)) {
            e = assertThrows(DecodeException.class, src::next);
            assertTrue(e.getMessage().contains("not a picture"), e.getMessage());
        }
    }

    @Test
    void truncatedVideoYieldsTheFramesBeforeTheCut(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(VIDEO.resolve("plates_slideshow_h264.mp4"));
        // mp4 from ffmpeg has its index at the front (faststart) or back; cut the tail half either way
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
        int n = 0;
        try (FrameSource src = Sources.open(cut.toString(), DecodeOptions.defaults(), 0)) {
            for (DecodedFrame f; (f = src.next()) != null; ) n++;
        } catch (DecodeException e) {
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            return;
        }
        assertTrue(n > 0 && n < 128, "frames before the cut: " + n);
    }
}
