package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.vistruct.gb28181.media.RtpFrameAssembler;
import org.vistruct.gb28181.media.RtpPacketizer;

/** The reorder window: frames back in order, a gap waited for a bounded time, reordering counted only where it happened. */
class RtpReorderTest {
    private static final long SSRC = 340200001L;

    /** Frames of random bytes and their RTP packets (several per frame). */
    private static List<byte[]> frames(Random rnd, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] f = new byte[500 + rnd.nextInt(6000)];
            rnd.nextBytes(f);
            out.add(f);
        }
        return out;
    }

    private static List<byte[]> packets(List<byte[]> frames) {
        RtpPacketizer p = new RtpPacketizer(SSRC, 1400, 65000); // the sequence wraps within the test
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) out.addAll(p.packets(frames.get(i), i * 3600L));
        return out;
    }

    @Test
    void inOrderNothingIsCountedReorderedOrLost() {
        Random rnd = new Random(1);
        List<byte[]> frames = frames(rnd, 50);
        List<byte[]> got = new ArrayList<>();
        RtpFrameAssembler a = new RtpFrameAssembler(SSRC, (ps, ts) -> got.add(ps));
        for (byte[] p : packets(frames)) a.packet(p, 0, p.length);
        a.flush();
        assertEquals(0, a.reordered());
        assertEquals(0, a.lost());
        assertEquals(frames.size(), got.size());
        for (int i = 0; i < frames.size(); i++) assertArrayEquals(frames.get(i), got.get(i));
    }

    /** One packet lost on a slow camera (a packet every 37 ms): what follows goes on after the hold time, not after 64 more packets (2.4 s). */
    @Test
    void aGapIsGivenUpAfterTheHoldTimeOnASlowStream() {
        Random rnd = new Random(2);
        List<byte[]> frames = frames(rnd, 80);
        List<byte[]> packets = packets(frames);
        long[] now = {0};
        List<Long> deliveredAt = new ArrayList<>();
        RtpFrameAssembler a = new RtpFrameAssembler(SSRC, (ps, ts) -> deliveredAt.add(now[0]), 150, () -> now[0]);
        int drop = packets.size() / 2;
        long lostAt = 0;
        for (int i = 0; i < packets.size(); i++) {
            now[0] = i * 37_000_000L;
            if (i == drop) {
                lostAt = now[0];
                continue;
            }
            a.packet(packets.get(i), 0, packets.get(i).length);
        }
        assertEquals(1, a.lost());
        assertEquals(0, a.reordered(), "a loss is not reordering");
        long gapAt = lostAt;
        long firstAfter = deliveredAt.stream().filter(t -> t > gapAt).findFirst().orElseThrow();
        System.out.printf("rtp: one packet lost on a stream of 27 packets/s; frames flowed again %.0f ms later (hold 150 ms; before: 64 packets = 2,368 ms)%n",
                (firstAfter - lostAt) / 1e6);
        assertTrue(firstAfter - lostAt <= 150_000_000L + 2 * 37_000_000L, "held at most the hold time and a packet: " + (firstAfter - lostAt) / 1e6 + " ms");
    }

    /** Random displacement and loss: every frame none of whose packets was lost comes out whole and in order; reordering is counted per late packet. */
    @RepeatedTest(30)
    void framesComeOutWholeAndInOrderWhateverTheNetworkDid(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition() * 7919L);
        List<byte[]> frames = frames(rnd, 120);
        List<byte[]> packets = packets(frames);
        int[] frameOf = new int[packets.size()];
        for (int i = 0, k = 0; i < frames.size(); i++) {
            int n = new RtpPacketizer(SSRC, 1400, 0).packets(frames.get(i), 0).size();
            for (int j = 0; j < n; j++) frameOf[k++] = i;
        }
        // each packet leaves at its index plus a random delay of up to 4 packets; 2 % are lost
        double lossRate = 0.02;
        List<double[]> order = new ArrayList<>();
        boolean[] lostFrame = new boolean[frames.size()];
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0 && rnd.nextDouble() < lossRate) {
                lostFrame[frameOf[i]] = true;
                continue;
            }
            // the first packet arrives first: a receiver starts at the first packet it sees
            order.add(new double[] {i == 0 ? -1 : i + rnd.nextDouble() * (rnd.nextInt(5) == 0 ? 4 : 0.5), i});
        }
        order.sort((x, y) -> Double.compare(x[0], y[0]));
        long realReorders = 0;
        int maxSeen = -1;
        for (double[] o : order) {
            if (o[1] < maxSeen) realReorders++;
            maxSeen = Math.max(maxSeen, (int) o[1]);
        }
        List<byte[]> got = new ArrayList<>();
        long[] now = {0};
        RtpFrameAssembler a = new RtpFrameAssembler(SSRC, (ps, ts) -> got.add(ps), 150, () -> now[0]);
        for (double[] o : order) {
            now[0] = (long) (o[0] * 2_000_000L); // 500 packets/s
            byte[] p = packets.get((int) o[1]);
            a.packet(p, 0, p.length);
        }
        a.flush();
        assertEquals(realReorders, a.reordered(), "reordered counts the packets that came after a later one");
        int next = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (lostFrame[i]) continue;
            boolean found = false;
            while (next < got.size()) {
                if (Arrays.equals(got.get(next++), frames.get(i))) {
                    found = true;
                    break;
                }
            }
            assertTrue(found, "frame " + i + " (none of its packets lost) comes out whole, in order");
        }
    }
}
