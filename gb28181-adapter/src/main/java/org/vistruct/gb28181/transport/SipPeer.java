package org.vistruct.gb28181.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.vistruct.gb28181.sip.SipCodec;
import org.vistruct.gb28181.sip.SipMessage;

/**
 * The other end of a message and the way back to it: the very socket (UDP) or connection (TCP) it
 * came through, so requests to a device leave from where it registered (what NAT needs).
 */
public record SipPeer(Channel channel, InetSocketAddress address, String transport) {
    public boolean udp() { return transport.equals("UDP"); }

    public void send(SipMessage m) { send(SipCodec.encode(m)); }

    public void send(byte[] bytes) {
        if (udp()) channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), address));
        else channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    /** host:port as the Via and Contact headers write it. */
    public String localHostPort() {
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        String host = local.getAddress().isAnyLocalAddress() ? "127.0.0.1" : local.getAddress().getHostAddress();
        return host + ":" + local.getPort();
    }

    @Override
    public String toString() { return transport + " " + address.getAddress().getHostAddress() + ":" + address.getPort(); }
}
