package org.vistruct.gb28181.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.gb28181.sip.SipCodec;
import org.vistruct.gb28181.sip.SipParseException;

/**
 * Cuts a TCP byte stream into SIP messages: headers up to the blank line, then Content-Length
 * bytes of body. Leading CRLFs (keepalives) are skipped. A stream that cannot be framed, or a
 * message over the size limit, closes the connection: there is no way to find the next message.
 */
final class TcpSipFramer extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(TcpSipFramer.class);
    private final LongAdder malformed;

    TcpSipFramer(LongAdder malformed) { this.malformed = malformed; }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) in.skipBytes(1);
        int start = in.readerIndex(), end = in.writerIndex();
        int headEnd = -1;
        for (int i = start; i < end - 3; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                headEnd = i;
                break;
            }
        }
        if (headEnd < 0) {
            if (end - start > SipCodec.MAX_MESSAGE) fail(ctx, in, "headers over " + SipCodec.MAX_MESSAGE + " bytes");
            return;
        }
        int length = contentLength(in.toString(start, headEnd - start, StandardCharsets.UTF_8));
        if (length < 0 || headEnd + 4 + length - start > SipCodec.MAX_MESSAGE) {
            fail(ctx, in, "missing, malformed or oversized Content-Length");
            return;
        }
        int total = headEnd + 4 + length - start;
        if (end - start < total) return; // the body is still coming
        byte[] bytes = ByteBufUtil.getBytes(in, start, total);
        in.skipBytes(total);
        try {
            out.add(new SipInbound(SipCodec.parse(bytes, 0, bytes.length), new SipPeer(ctx.channel(), (InetSocketAddress) ctx.channel().remoteAddress(), "TCP")));
        } catch (SipParseException e) {
            malformed.increment();
            log.debug("dropped a malformed message from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
        }
    }

    /** Content-Length from raw headers: required on TCP; -1 when missing or malformed. */
    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("l")) {
                try {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String why) {
        malformed.increment();
        log.debug("closing SIP/TCP connection from {}: {}", ctx.channel().remoteAddress(), why);
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
