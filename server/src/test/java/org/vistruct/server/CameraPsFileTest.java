package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.SharedDirectory;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.FrameSource;
import org.vistruct.decoder.Sampling;
import org.vistruct.decoder.Sources;
import org.vistruct.decoder.VideoFileSource;
import org.vistruct.gb28181.media.PsDemuxer;
import org.vistruct.gb28181.media.PsMuxer;

/**
 * A camera's PS recording whose timestamps start far from zero (real ones start where the camera's
 * clock was: 4,400.9 s in one): offsets count from its first frame, the wall time follows, and a job
 * resumed from a checkpoint seeks by the same offsets.
 */
class CameraPsFileTest {
    @Test
    void offsetsCountFromTheFilesFirstTimestamp(@TempDir Path dir) throws Exception {
        var aus = GbStreamSender.accessUnits(SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4"), false, dir);
        Path ps = dir.resolve("camera.ps");
        PsMuxer mux = new PsMuxer(PsDemuxer.H264);
        long first = 4_400_900L * 90; // 4,400.9 s in 90 kHz
        try (OutputStream out = Files.newOutputStream(ps)) {
            for (int i = 0; i < aus.size(); i++) out.write(mux.frame(aus.get(i).data(), aus.get(i).keyframe(), first + i * 3600L));
        }
        long start = 1_700_000_000_000L;
        List<DecodedFrame> frames = new ArrayList<>();
        try (FrameSource src = Sources.open(ps.toString(), new DecodeOptions(Sampling.rate(4), "none", 0), start)) {
            for (DecodedFrame f; (f = src.next()) != null; ) frames.add(f);
        }
        System.out.printf("camera PS file starting at 4400.9 s: %d frames sampled, offsets %d .. %d ms%n", frames.size(),
                frames.getFirst().offsetMs(), frames.getLast().offsetMs());
        assertTrue(frames.size() > 100, "sampled at 4 frames/s over 32 s: " + frames.size());
        assertTrue(frames.getFirst().offsetMs() < 200, "the first frame is at the start: " + frames.getFirst().offsetMs());
        assertTrue(frames.getLast().offsetMs() > 30_000 && frames.getLast().offsetMs() <= 32_000, "the last within the 32 s: " + frames.getLast().offsetMs());
        assertEquals(start + frames.getLast().offsetMs(), frames.getLast().wallTimeMs());
        try (VideoFileSource src = new VideoFileSource(ps.toString(), new DecodeOptions(Sampling.rate(4), "none", 0), start)) {
            src.resumeAfter(10_000);
            DecodedFrame next = src.next();
            assertTrue(next.offsetMs() > 10_000 && next.offsetMs() < 10_600, "resumed after 10 s: " + next.offsetMs());
        }
    }
}
