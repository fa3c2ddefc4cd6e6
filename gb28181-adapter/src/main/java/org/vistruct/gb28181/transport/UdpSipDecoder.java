package org.vistruct.gb28181.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.gb28181.sip.SipCodec;
import org.vistruct.gb28181.sip.SipParseException;

/** One datagram, one message. What does not parse is counted and dropped: it cannot be answered. */
final class UdpSipDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpSipDecoder.class);
    private final LongAdder malformed;

    UdpSipDecoder(LongAdder malformed) { this.malformed = malformed; }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        ByteBuf buf = packet.content();
        int n = buf.readableBytes();
        if (n <= 4) return; // CRLF keepalives some devices send
        byte[] bytes = ByteBufUtil.getBytes(buf);
        try {
            out.add(new SipInbound(SipCodec.parse(bytes, 0, bytes.length), new SipPeer(ctx.channel(), packet.sender(), "UDP")));
        } catch (SipParseException e) {
            malformed.increment();
            log.debug("dropped a malformed datagram from {}: {}", packet.sender(), e.getMessage());
        }
    }
}
