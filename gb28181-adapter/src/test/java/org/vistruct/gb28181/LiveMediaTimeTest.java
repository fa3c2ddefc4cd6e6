package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vistruct.gb28181.media.LiveVideo;
import org.vistruct.gb28181.media.PsDemuxer;
import org.vistruct.gb28181.media.PsMuxer;
import org.vistruct.gb28181.media.RtpPacketizer;

/**
 * What the receiver hands the decoder: PS whose timestamps are the media's, counted from the first
 * frame (after the decoder's 1 s origin), whatever the camera's clock showed: far from zero, across
 * the 32-bit wrap of RTP timestamps, and through a jump (a camera's restart); and when each arrived.
 */
class LiveMediaTimeTest {
    private static final long SSRC = 200000003L;

    /** An access unit the keyframe test recognises (an IDR slice) or a plain slice, with some bytes. */
    private static byte[] au(boolean key, Random rnd) {
        byte[] body = new byte[300];
        rnd.nextBytes(body);
        byte[] au = new byte[5 + body.length];
        au[3] = 1;
        au[4] = (byte) (key ? 0x65 : 0x41);
        System.arraycopy(body, 0, au, 5, body.length);
        for (int i = 5; i < au.length - 2; i++) if (au[i] == 0 && au[i + 1] == 0) au[i + 1] = 1; // no start codes inside
        return au;
    }

    /** The PTS of each frame the decoder is handed, in order; true: the pipe took it. */
    private static boolean notePts(List<Long> pts, byte[] b, int off, int len) {
        new PsDemuxer((d, o, l, type, p) -> {
            if (p >= 0 && (pts.isEmpty() || pts.getLast() != p)) pts.add(p);
        }).feed(b, off, len);
        return true;
    }

    @Test
    void timestampsCountFromTheFirstFrameAcrossTheWrapAndAJump() {
        Random rnd = new Random(5);
        List<Long> pts = new ArrayList<>();
        LiveVideo live = new LiveVideo(SSRC, (b, o, l) -> notePts(pts, b, o, l), () -> { });
        PsMuxer camera = new PsMuxer(PsDemuxer.H264);
        RtpPacketizer rtp = new RtpPacketizer(SSRC, 1400, 100);
        long first = (1L << 32) - 20 * 3600; // 20 frames before the 32-bit RTP clock wraps: 13.25 hours into the camera's day
        for (int i = 0; i < 60; i++) {
            long t = first + i * 3600L + (i >= 40 ? 5_000_000_000L : 0); // a jump of 15 hours at frame 40: a restart
            byte[] ps = camera.frame(au(i % 25 == 0, rnd), i % 25 == 0, t & 0x1FFFFFFFFL);
            for (byte[] p : rtp.packets(ps, t & 0xFFFFFFFFL)) live.packet(p, 0, p.length);
        }
        live.end();
        assertEquals(60, pts.size(), "every frame (its marker ends it)");
        for (int i = 0; i < pts.size(); i++) {
            // 90 kHz from the first frame, through the wrap after frame 19; the 15-hour jump at frame 40 bridged by one frame
            assertEquals(90_000 + i * 3600L, pts.get(i), "frame " + i);
        }
        assertTrue(live.arrivalNanos(0) > 0, "the first frame's arrival is known");
        assertTrue(live.arrivalNanos(30 * 40_000) >= live.arrivalNanos(0), "after the wrap too");
        assertEquals(-1, live.arrivalNanos(12_345), "a time no frame has");
    }

    /** The decoder could not take a frame (a full pipe): frames wait for the next keyframe, 12 s away in a long GOP; time runs on through them. */
    @Test
    void framesDroppedForAFullPipeStillCountTime() {
        Random rnd = new Random(6);
        List<Long> pts = new ArrayList<>();
        int[] offered = {0};
        // the sixth frame finds the pipe full
        LiveVideo live = new LiveVideo(SSRC, (b, o, l) -> offered[0]++ != 5 && notePts(pts, b, o, l), () -> { });
        PsMuxer camera = new PsMuxer(PsDemuxer.H264);
        RtpPacketizer rtp = new RtpPacketizer(SSRC, 1400, 100);
        for (int i = 0; i < 310; i++) {
            boolean key = i % 300 == 0; // a keyframe every 12 s
            for (byte[] p : rtp.packets(camera.frame(au(key, rnd), key, 7_000_000L + i * 3600L), 7_000_000L + i * 3600L)) live.packet(p, 0, p.length);
        }
        live.end();
        assertEquals(5 + 10, pts.size(), "five frames, then from the next keyframe on");
        assertEquals(90_000 + 300 * 3600L, pts.get(5), "the keyframe 12 s later is 12 s later, not a discontinuity");
        assertEquals(295, live.framesDropped());
    }
}
