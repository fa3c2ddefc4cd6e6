package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vistruct.gb28181.media.LiveVideo;
import org.vistruct.gb28181.media.PsDemuxer;
import org.vistruct.gb28181.media.PsMuxer;
import org.vistruct.gb28181.media.RtpPacketizer;
import org.vistruct.gb28181.media.RtpTcpFramer;

/** RTP over TCP in both framings devices use, split at arbitrary points, back into the same frames. */
class RtpTcpFramingTest {
    private static byte[] stream(List<byte[]> packets, boolean interleaved) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            if (interleaved) {
                out.write('$');
                out.write(0);
            }
            out.write(p.length >> 8);
            out.write(p.length);
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void rfc4571AndDollarInterleavedFramesArriveWhole() throws Exception {
        PsMuxer mux = new PsMuxer(PsDemuxer.H264);
        RtpPacketizer rtp = new RtpPacketizer(42, 1400, 0);
        List<byte[]> packets = new ArrayList<>();
        int frames = 20;
        for (int f = 0; f < frames; f++) {
            byte[] au = new byte[3000 + f * 100];
            au[3] = 1;
            au[4] = (byte) (f == 0 ? 0x65 : 0x41);
            packets.addAll(rtp.packets(mux.frame(au, f == 0, f * 3600L), f * 3600L));
        }
        for (boolean interleaved : new boolean[] {false, true}) {
            List<Integer> sizes = new ArrayList<>();
            // the receiver hands the decoder PS again (stamped with media time): what matters is the video inside each frame
            LiveVideo video = new LiveVideo(42, (b, o, l) -> {
                int[] es = {0};
                new PsDemuxer((d, off, len, type, pts) -> es[0] += len).feed(b, o, l);
                return sizes.add(es[0]);
            }, () -> { });
            EmbeddedChannel ch = new EmbeddedChannel(new RtpTcpFramer(), new io.netty.channel.SimpleChannelInboundHandler<byte[]>() {
                @Override
                protected void channelRead0(io.netty.channel.ChannelHandlerContext ctx, byte[] p) {
                    video.packet(p, 0, p.length);
                }
            });
            byte[] bytes = stream(packets, interleaved);
            for (int off = 0, step = 7; off < bytes.length; off += step, step = step * 3 % 997 + 1) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, off, Math.min(step, bytes.length - off)));
            }
            video.end();
            assertEquals(frames, sizes.size(), (interleaved ? "$-interleaved" : "RFC 4571") + " framing");
            for (int f = 0; f < frames; f++) assertEquals(3000 + f * 100, sizes.get(f));
            assertEquals(0, video.rtp().lost());
        }
    }

}
