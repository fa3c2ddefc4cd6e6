package org.vistruct.gb28181.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over UDP and TCP on one port. Each transport has its framing handler; both hand parsed
 * messages, with the peer to answer, to one consumer (the transaction layer).
 */
public final class SipTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipTransport.class);
    /** Thread names the benchmark measures the SIP side's CPU by. */
    public static final String THREAD_PREFIX = "gb28181-sip";
    private final EventLoopGroup group = new NioEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory(THREAD_PREFIX, true));
    private final EventLoopGroup tcpWorkers = new NioEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory(THREAD_PREFIX + "-tcp", true));
    private final Channel udp, tcp;
    private final LongAdder malformed = new LongAdder();

    public SipTransport(String bind, int port, Consumer<SipInbound> handler) throws InterruptedException {
        SimpleChannelInboundHandler<SipInbound> dispatch = new Dispatch(handler);
        Bootstrap udpBoot = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
                .handler(new ChannelInitializer<NioDatagramChannel>() {
                    @Override
                    protected void initChannel(NioDatagramChannel ch) {
                        ch.pipeline().addLast(new UdpSipDecoder(malformed)).addLast(dispatch);
                    }
                });
        ServerBootstrap tcpBoot = new ServerBootstrap().group(group, tcpWorkers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(600, 0, 0, TimeUnit.SECONDS))
                                .addLast(new TcpSipFramer(malformed)).addLast(dispatch);
                    }
                });
        Channel u = null, t = null;
        // port 0: the UDP port is chosen by the system and TCP takes the same number, which another
        // program may hold over TCP; then both are given back and another number is tried
        for (int attempt = 1; t == null; attempt++) {
            try {
                u = udpBoot.bind(new InetSocketAddress(bind, port)).sync().channel();
                int bound = ((InetSocketAddress) u.localAddress()).getPort();
                t = tcpBoot.bind(new InetSocketAddress(bind, bound)).sync().channel();
            } catch (Exception e) {
                if (u != null) u.close().syncUninterruptibly();
                u = null;
                if (port != 0 || attempt == 20) {
                    shutdownLoops();
                    throw new IllegalStateException("cannot listen for SIP on " + bind + ":" + port + ": " + e.getMessage(), e);
                }
            }
        }
        this.udp = u;
        this.tcp = t;
    }

    public int port() { return ((InetSocketAddress) udp.localAddress()).getPort(); }

    /** The event loop of the UDP socket: timers of the SIP side run there. */
    public EventLoopGroup loop() { return group; }

    public long malformed() { return malformed.sum(); }

    @io.netty.channel.ChannelHandler.Sharable
    private static final class Dispatch extends SimpleChannelInboundHandler<SipInbound> {
        private final Consumer<SipInbound> handler;

        Dispatch(Consumer<SipInbound> handler) { this.handler = handler; }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SipInbound in) {
            try {
                handler.accept(in);
            } catch (RuntimeException e) {
                log.warn("{} from {} failed: {}", in.message().startLine(), in.peer(), e.toString(), e);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.handler.timeout.IdleStateEvent) ctx.close(); // a silent TCP device for 10 minutes
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("SIP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            if (!(ctx.channel() instanceof NioDatagramChannel)) ctx.close();
        }
    }

    @Override
    public void close() {
        if (udp != null) udp.close().syncUninterruptibly();
        if (tcp != null) tcp.close().syncUninterruptibly();
        shutdownLoops();
    }

    private void shutdownLoops() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        tcpWorkers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
