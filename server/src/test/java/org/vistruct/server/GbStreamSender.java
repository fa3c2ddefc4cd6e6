package org.vistruct.server;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.vistruct.gb28181.media.NalUnits;
import org.vistruct.gb28181.media.PsDemuxer;
import org.vistruct.gb28181.media.PsMuxer;
import org.vistruct.gb28181.media.RtpPacketizer;

/**
 * The media half of a test camera: a video file's access units as GB-conformant PS (pack header
 * per frame, PSM with 0x1B or 0x24 on keyframes) over RTP, on UDP or TCP (RFC 4571), paced, with
 * loss and reordering when asked.
 */
final class GbStreamSender {
    record AccessUnit(byte[] data, boolean keyframe) {}

    private GbStreamSender() {}

    /** The access units of a video, via ffmpeg (Annex B with access unit delimiters inserted). */
    static List<AccessUnit> accessUnits(Path video, boolean hevc, Path work) throws Exception {
        Path out = work.resolve(video.getFileName() + (hevc ? ".hevc" : ".h264"));
        String bsf = hevc ? "hevc_mp4toannexb,hevc_metadata=aud=insert" : "h264_mp4toannexb,h264_metadata=aud=insert";
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", video.toString(), "-an", "-c:v", "copy", "-bsf:v", bsf,
                "-f", hevc ? "hevc" : "h264", out.toString()).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("ffmpeg could not extract " + video);
        List<AccessUnit> aus = new ArrayList<>();
        for (byte[] au : NalUnits.accessUnits(Files.readAllBytes(out), hevc)) aus.add(new AccessUnit(au, NalUnits.isKeyframe(au, hevc)));
        return aus;
    }

    /** RTP packets of the whole video, frame by frame (each list one frame). */
    static List<List<byte[]>> packets(List<AccessUnit> aus, boolean hevc, long ssrc) {
        PsMuxer mux = new PsMuxer(hevc ? PsDemuxer.H265 : PsDemuxer.H264);
        RtpPacketizer rtp = new RtpPacketizer(ssrc, 1400, 1000);
        List<List<byte[]>> frames = new ArrayList<>();
        long pts = 0;
        for (AccessUnit au : aus) {
            frames.add(rtp.packets(mux.frame(au.data(), au.keyframe(), pts), pts));
            pts += 3600; // 25 fps
        }
        return frames;
    }

    /** Sends over UDP at speed × real time; drops and swaps packets with the given probabilities. */
    static long udp(List<List<byte[]>> frames, InetSocketAddress to, double speed, double loss, double reorder, Random rnd) throws Exception {
        long dropped = 0;
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSendBufferSize(4 << 20);
            long next = System.nanoTime(), interval = (long) (40_000_000L / speed);
            byte[] held = null;
            for (List<byte[]> frame : frames) {
                for (byte[] p : frame) {
                    if (rnd.nextDouble() < loss) {
                        dropped++;
                        continue;
                    }
                    if (held == null && rnd.nextDouble() < reorder) {
                        held = p; // sent after the next one
                        continue;
                    }
                    s.send(new DatagramPacket(p, p.length, to));
                    if (held != null) {
                        s.send(new DatagramPacket(held, held.length, to));
                        held = null;
                    }
                }
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (held != null) s.send(new DatagramPacket(held, held.length, to));
        }
        return dropped;
    }

    /** Sends over a TCP stream with RFC 4571 framing at speed × real time. */
    static void tcp(List<List<byte[]>> frames, OutputStream out, double speed) throws Exception {
        DataOutputStream o = new DataOutputStream(out);
        long next = System.nanoTime(), interval = (long) (40_000_000L / speed);
        for (List<byte[]> frame : frames) {
            for (byte[] p : frame) {
                o.writeShort(p.length);
                o.write(p);
            }
            o.flush();
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
