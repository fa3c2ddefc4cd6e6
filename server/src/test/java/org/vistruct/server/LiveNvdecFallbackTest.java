package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.LiveTiming;
import org.vistruct.decoder.Sampling;
import org.vistruct.decoder.VideoFileSource;
import org.vistruct.gb28181.media.PsDemuxer;
import org.vistruct.gb28181.media.PsMuxer;

/**
 * A live PS stream asked of NVDEC on a machine without a GPU: FFmpeg here has h264_cuvid and
 * hevc_cuvid, so NVDEC is tried from the PSM's codec without a probe, its start fails after reading
 * the stream's first bytes, and the CPU decoder must read those bytes again: the same frames come
 * out as when the CPU was asked for.
 */
class LiveNvdecFallbackTest {
    private static final LiveTiming NO_LAG = new LiveTiming() {
        @Override
        public long arrivalNanos(long mediaUs) { return -1; }

        @Override
        public long maxLagMs() { return 1000; }
    };

    @Test
    void nvdecAskedWithoutAGpuDecodesTheSameFramesOnTheCpu(@TempDir Path dir) throws Exception {
        for (boolean hevc : new boolean[] {false, true}) {
            String file = hevc ? "plates_slideshow_h265.mp4" : "plates_slideshow_h264.mp4";
            byte[] ps = ps(GbStreamSender.accessUnits(org.vistruct.core.SharedDirectory.require().resolve("media/video").resolve(file), hevc, dir), hevc);
            long[] sampled = new long[2], decoded = new long[2];
            String[] accel = {"none", "cuda"};
            for (int i = 0; i < 2; i++) {
                try (VideoFileSource src = VideoFileSource.live(new ByteArrayInputStream(ps), "camera", new DecodeOptions(Sampling.rate(4), accel[i], 1), 0,
                        NO_LAG, hevc ? "hevc" : "h264")) {
                    while (src.next() != null) sampled[i]++;
                    decoded[i] = src.framesDecoded();
                }
            }
            System.out.printf("live %s asked of NVDEC without a GPU: %d frames decoded, %d sampled (CPU asked: %d, %d)%n", file, decoded[1], sampled[1],
                    decoded[0], sampled[0]);
            assertEquals(800, decoded[0], 2, file + ": every frame decoded on the CPU");
            assertEquals(decoded[0], decoded[1], file + ": the same frames when NVDEC was asked and could not start");
            assertEquals(sampled[0], sampled[1], file + ": the same sampled frames");
        }
    }

    /** The access units as the receiver hands a stream to the decoder: GB PS, media time from the decoder's live origin. */
    private static byte[] ps(List<GbStreamSender.AccessUnit> aus, boolean hevc) {
        PsMuxer mux = new PsMuxer(hevc ? PsDemuxer.H265 : PsDemuxer.H264);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long pts = 90_000;
        for (GbStreamSender.AccessUnit au : aus) {
            out.writeBytes(mux.frame(au.data(), au.keyframe(), pts));
            pts += 3600;
        }
        return out.toByteArray();
    }
}
