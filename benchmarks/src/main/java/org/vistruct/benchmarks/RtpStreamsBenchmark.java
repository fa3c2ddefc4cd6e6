package org.vistruct.benchmarks;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.vistruct.gb28181.media.LiveVideo;
import org.vistruct.gb28181.media.PsDemuxer;
import org.vistruct.gb28181.media.PsMuxer;
import org.vistruct.gb28181.media.RtpPacketizer;
import org.vistruct.gb28181.media.RtpReceiver;

/**
 * Concurrent live streams received over loopback UDP: N streams (default 200) of 4 Mbit/s PS over
 * RTP (25 fps, a keyframe every 2 s), each received, ordered, reassembled into frames and demuxed
 * to its elementary stream, not decoded. Prints loss and the receive thread's CPU per stream.
 *
 * <p>Usage: RtpStreamsBenchmark [streams] [seconds] [Mbit/s per stream]
 */
public final class RtpStreamsBenchmark {
    private RtpStreamsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double mbps = args.length > 2 ? Double.parseDouble(args[2]) : 4.0;
        int frameBytes = (int) (mbps * 1_000_000 / 8 / 25);
        NioEventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("rtp-bench", true));
        List<LiveVideo> videos = new ArrayList<>();
        List<RtpReceiver> receivers = new ArrayList<>();
        long[] decoderBytes = new long[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            LiveVideo v = new LiveVideo(1000 + i, (b, o, l) -> {
                decoderBytes[k] += l;
                return true;
            }, () -> { });
            videos.add(v);
            receivers.add(RtpReceiver.udp(loop, "127.0.0.1", 0, v));
        }
        // one second of frames per stream, reused: a keyframe then 24 others, random bytes as payload
        Random rnd = new Random(3);
        PsMuxer mux = new PsMuxer(PsDemuxer.H264);
        List<byte[]> second = new ArrayList<>();
        for (int f = 0; f < 25; f++) {
            byte[] au = new byte[frameBytes];
            rnd.nextBytes(au);
            au[0] = 0; au[1] = 0; au[2] = 0; au[3] = 1; au[4] = (byte) (f == 0 ? 0x65 : 0x41); // IDR or not
            second.add(mux.frame(au, f == 0, f * 3600L));
        }
        List<RtpPacketizer> rtps = new ArrayList<>();
        List<DatagramChannel> senders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rtps.add(new RtpPacketizer(1000 + i, 1400, i * 7));
            DatagramChannel ch = DatagramChannel.open();
            ch.connect(new InetSocketAddress("127.0.0.1", receivers.get(i).port()));
            senders.add(ch);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = cpu(threads), sent = 0, t0 = System.nanoTime(), next = t0;
        for (int frame = 0; frame < seconds * 25; frame++) {
            byte[] ps = second.get(frame % 25);
            for (int i = 0; i < n; i++) {
                for (byte[] p : rtps.get(i).packets(ps, frame * 3600L)) {
                    senders.get(i).write(ByteBuffer.wrap(p));
                    sent++;
                }
            }
            next += 40_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1000);
        double cpu = (cpu(threads) - cpu0) / 1e9;
        long received = 0, lost = 0, frames = 0, wrong = 0;
        for (LiveVideo v : videos) {
            v.end();
            received += v.rtp().packets();
            lost += v.rtp().lost();
            frames += v.rtp().frames();
        }
        long missing = sent - received;
        System.out.printf("%d streams × %.1f Mbit/s for %.1f s: %,d RTP packets sent, %,d received (%,d missing, %,d lost in sequence), %,d frames reassembled%n",
                n, mbps, wall, sent, received, missing, lost, frames);
        System.out.printf("receive thread CPU: %.2f s over %.1f s = %.0f %% of one core, %.2f %% of a core per stream%n", cpu, wall, 100 * cpu / wall, 100 * cpu / wall / n);
        receivers.forEach(RtpReceiver::close);
        for (DatagramChannel c : senders) c.close();
        loop.shutdownGracefully();
    }

    private static long cpu(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("rtp-bench")) sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
        }
        return sum;
    }
}
