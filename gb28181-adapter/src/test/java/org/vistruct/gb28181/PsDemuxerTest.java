package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.gb28181.media.PsDemuxer;

/** The PS demuxer on the real field captures, and on random damage. */
class PsDemuxerTest {
    private static final Path CAPTURES = SharedDirectory.require().resolve("gb28181/captures");

    @Test
    void aHikvisionFirstPacketWithVendorDescriptors() throws Exception {
        byte[] rtp = Files.readAllBytes(CAPTURES.resolve("hik_first_rtp_packet_256B.bin"));
        ByteArrayOutputStream es = new ByteArrayOutputStream();
        int[] type = new int[1];
        PsDemuxer d = new PsDemuxer((b, o, l, t, pts) -> {
            es.write(b, o, l);
            type[0] = t;
        });
        d.feed(rtp, 12, rtp.length - 12); // after the 12-byte RTP header
        assertEquals(1, d.packs(), "the pack header, though its stuffing bytes are not 0xFF");
        assertEquals(1, d.psms());
        assertEquals(PsDemuxer.H264, d.streamType(0xE0), "PSM maps 0x1B to 0xE0");
        assertEquals(0x0F, d.streamType(0xC0), "and AAC to 0xC0");
        // the PES is cut off by the capture's 256 bytes: feed the rest as if the next packet arrived
        d.feed(new byte[4000], 0, 4000);
        assertTrue(d.pesPackets() >= 1, "the video PES is found once complete");
        byte[] nal = es.toByteArray();
        assertTrue(nal.length > 4 && nal[0] == 0 && nal[1] == 0 && ((nal[2] == 0 && nal[3] == 1) || nal[2] == 1), "an Annex B start code begins the ES");
        int nalType = (nal[2] == 1 ? nal[3] : nal[4]) & 0x1F;
        assertEquals(7, nalType, "SPS first");
        System.out.printf("hik packet: pack, PSM (0xE0→0x%02X, 0xC0→0x%02X), PES with SPS%n", d.streamType(0xE0), d.streamType(0xC0));
    }

    @Test
    void aPsFileWithAWrongPsmLengthNeitherCrashesNorHangs() throws Exception {
        byte[] file = Files.readAllBytes(CAPTURES.resolve("Audio_G711_PS2.mpg"));
        PsDemuxer d = new PsDemuxer((b, o, l, t, pts) -> { });
        long t0 = System.nanoTime();
        for (int i = 0; i < file.length; i += 1400) d.feed(file, i, Math.min(1400, file.length - i));
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(d.psms() > 0);
        assertEquals(0x90, d.streamType(0xC0), "G.711A found although elementary_stream_map_length is wrong");
        assertEquals(0x1B, d.streamType(0xE0));
        assertTrue(ms < 5000, "no hang: " + ms + " ms");
        System.out.printf("Audio_G711_PS2.mpg: %d packs, %d PSMs, streams 0xE0→0x%02X 0xC0→0x%02X, %d errors skipped, %.0f ms%n",
                d.packs(), d.psms(), d.streamType(0xE0), d.streamType(0xC0), d.errors(), ms);
    }

    @Test
    void randomDamageIsSkippedNeverFatal() throws Exception {
        byte[] file = Files.readAllBytes(CAPTURES.resolve("Audio_G711_PS2.mpg"));
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            byte[] damaged = file.clone();
            for (int k = 0; k < 2000; k++) damaged[rnd.nextInt(damaged.length)] = (byte) rnd.nextInt(256);
            PsDemuxer d = new PsDemuxer((b, o, l, t, pts) -> assertTrue(o >= 0 && l >= 0 && o + l <= b.length));
            for (int i = 0; i < damaged.length; ) {
                int n = 1 + rnd.nextInt(3000);
                d.feed(damaged, i, Math.min(n, damaged.length - i));
                i += n;
            }
            assertTrue(d.packs() > 0);
        }
    }
}
