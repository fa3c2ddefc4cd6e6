package org.vistruct.gb28181.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * RTP over TCP into packets: RFC 4571 (2-byte length), or the RTSP-interleaved variant some devices
 * use ('$', channel, 2-byte length), told apart by the connection's first byte.
 */
public final class RtpTcpFramer extends ByteToMessageDecoder {
    private Boolean interleaved;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (interleaved == null) {
                if (!in.isReadable()) return;
                interleaved = in.getByte(in.readerIndex()) == '$';
            }
            int header = interleaved ? 4 : 2;
            if (in.readableBytes() < header) return;
            int i = in.readerIndex();
            if (interleaved && in.getByte(i) != '$') { // lost the framing: look for the next '$'
                in.skipBytes(1);
                continue;
            }
            int length = in.getUnsignedShort(i + header - 2);
            if (in.readableBytes() < header + length) return;
            in.skipBytes(header);
            out.add(ByteBufUtil.getBytes(in, in.readerIndex(), length));
            in.skipBytes(length);
        }
    }

    boolean interleaved() { return Boolean.TRUE.equals(interleaved); }
}
