package org.vistruct.gb28181.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Receives one stream's RTP: on a UDP port, as a TCP server the device connects to (passive), or as
 * a TCP client connecting to the device (active); every packet goes to the {@link LiveVideo}.
 */
public final class RtpReceiver implements AutoCloseable {
    public enum Mode { UDP, TCP_PASSIVE, TCP_ACTIVE }

    private final Channel channel;
    private volatile Channel connection;
    private final Mode mode;

    private RtpReceiver(Mode mode, Channel channel) {
        this.mode = mode;
        this.channel = channel;
    }

    /** Listens on a UDP port (0: any free one). */
    public static RtpReceiver udp(EventLoopGroup loop, String bind, int port, LiveVideo video) throws InterruptedException {
        Channel ch = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        var buf = p.content();
                        if (buf.hasArray()) video.packet(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
                        else video.packet(ByteBufUtil.getBytes(buf), 0, buf.readableBytes());
                    }
                }).bind(new InetSocketAddress(bind, port)).sync().channel();
        return new RtpReceiver(Mode.UDP, ch);
    }

    /** Listens for the device's TCP connection (SDP a=setup:passive on our side). */
    public static RtpReceiver tcpPassive(EventLoopGroup loop, String bind, int port, LiveVideo video) throws InterruptedException {
        RtpReceiver[] self = new RtpReceiver[1];
        Channel server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (self[0].connection != null) { // one device per stream
                            ch.close();
                            return;
                        }
                        self[0].connection = ch;
                        ch.pipeline().addLast(new RtpTcpFramer()).addLast(sink(video));
                    }
                }).bind(new InetSocketAddress(bind, port)).sync().channel();
        self[0] = new RtpReceiver(Mode.TCP_PASSIVE, server);
        return self[0];
    }

    /** Connects to the device's TCP port (SDP a=setup:active on our side). */
    public static RtpReceiver tcpActive(EventLoopGroup loop, InetSocketAddress device, LiveVideo video, int timeoutMs) throws InterruptedException {
        Channel ch = new Bootstrap().group(loop).channel(NioSocketChannel.class).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new RtpTcpFramer()).addLast(sink(video));
                    }
                }).connect(device).sync().channel();
        RtpReceiver r = new RtpReceiver(Mode.TCP_ACTIVE, ch);
        r.connection = ch;
        return r;
    }

    private static SimpleChannelInboundHandler<byte[]> sink(LiveVideo video) {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, byte[] packet) {
                video.packet(packet, 0, packet.length);
            }
        };
    }

    public Mode mode() { return mode; }

    /** The local port offered in the SDP (for TCP active, our end of the connection). */
    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    @Override
    public void close() {
        Channel c = connection;
        if (c != null) c.close();
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
