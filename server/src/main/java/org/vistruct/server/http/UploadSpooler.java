package org.vistruct.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.metadata.AuditTrail;

/**
 * Streams the body of an upload (a case video) to a file as it arrives, never holding it in memory,
 * and passes on one {@link UploadedRequest} when it is complete. Before a single byte reaches the
 * disk, the caller is checked: a valid token of an investigator, fewer than the allowed uploads of
 * that token under way, and a disk above its reserve; otherwise the body is discarded (up to
 * 64 MB, so the client reads the answer; then the connection is closed) and the refusal audited.
 * Counts bytes so a body without a declared length is still cut at the limit (413).
 */
final class UploadSpooler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UploadSpooler.class);
    private static final long DRAIN_REFUSED = 64L << 20;

    /** A complete upload: the request line and headers, and where its body now is. */
    record UploadedRequest(HttpRequest request, Path file) {}

    /** What is shared by every connection: who may upload, how many at once, whether the disk has room, where refusals are audited. */
    record Policy(TokenStore tokens, int perToken, Map<String, AtomicInteger> underWay, BooleanSupplier diskLow, AuditLog audit, ClientAddress clients) {}

    private final Path dir;
    private final long maxUpload;
    private final String uploadPath;
    private final Policy policy;
    private HttpRequest current;
    private Path file;
    private FileChannel out;
    private long written;
    private boolean discarding;
    private ApiResponse refusal;
    private String tokenId;

    UploadSpooler(Path dir, long maxUpload, String uploadPath, Policy policy) {
        this.dir = dir;
        this.maxUpload = maxUpload;
        this.uploadPath = uploadPath;
        this.policy = policy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        if (msg instanceof HttpRequest req && HttpUploads.isUpload(req, uploadPath)) {
            current = req;
            written = 0;
            discarding = false;
            refusal = check(ctx, req);
            if (refusal == null) {
                Files.createDirectories(dir);
                file = Files.createTempFile(dir, "upload-", ".part");
                out = FileChannel.open(file, StandardOpenOption.WRITE);
            }
            if (!(msg instanceof HttpContent)) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (current == null || !(msg instanceof HttpContent content)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ByteBuf buf = content.content();
            written += buf.readableBytes();
            if (refusal != null) {
                // read and dropped, so the client gets to read the answer; a client that will not stop is cut off
                if (msg instanceof LastHttpContent || written > DRAIN_REFUSED) {
                    ApiResponse r = refusal;
                    current = null;
                    refusal = null;
                    ctx.writeAndFlush(HttpResponses.of(r, false)).addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
            if (!discarding) {
                if (written > maxUpload) {
                    discarding = true;
                    abandon();
                    ctx.writeAndFlush(HttpResponses.of(ApiResponse.error(413, "upload larger than the " + maxUpload + " bytes allowed"), false))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    while (buf.isReadable()) buf.readBytes(out, buf.readableBytes());
                }
            }
            if (msg instanceof LastHttpContent && !discarding) {
                out.close();
                release();
                UploadedRequest done = new UploadedRequest(current, file);
                current = null;
                ctx.fireChannelRead(done);
            } else if (msg instanceof LastHttpContent) {
                current = null;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Null when the upload may go to disk; else the answer it gets (after its body is drained). */
    private ApiResponse check(ChannelHandlerContext ctx, HttpRequest req) {
        String token = ApiDispatcher.tokenOf(req.headers());
        TokenStore.Caller caller = token == null ? null : policy.tokens().check(token);
        ApiResponse r = null;
        if (caller == null) r = ApiResponse.error(401, token == null ? "a bearer token is required" : "unknown or wrong token");
        else if (!caller.role().atLeast(Role.INVESTIGATOR)) r = ApiResponse.error(403, "role " + caller.role().name().toLowerCase() + " may not upload; it needs investigator");
        else if (policy.diskLow().getAsBoolean()) r = ApiResponse.error(507, "the disk of the data directory is below its reserve: uploads wait until space is freed");
        else {
            AtomicInteger n = policy.underWay().computeIfAbsent(caller.tokenId(), k -> new AtomicInteger());
            if (n.incrementAndGet() > policy.perToken()) {
                n.decrementAndGet();
                r = ApiResponse.error(429, "this token already has " + policy.perToken() + " uploads under way (http.uploads-per-token)");
            } else {
                tokenId = caller.tokenId();
            }
        }
        if (r != null) {
            String peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
            try {
                policy.audit().append(AuditTrail.Entry.of(System.currentTimeMillis(), caller == null ? "-" : caller.name(), policy.clients().of(peer, req.headers()),
                        "refused", uploadPath, "upload: " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), 0, r.status()));
            } catch (IOException | RuntimeException e) {
                log.warn("refused upload from {} not audited: {}", peer, e.getMessage());
            }
        }
        return r;
    }

    private void release() {
        if (tokenId != null) {
            AtomicInteger n = policy.underWay().get(tokenId);
            if (n != null) n.decrementAndGet();
            tokenId = null;
        }
    }

    private void abandon() throws IOException {
        release();
        if (out != null) out.close();
        if (file != null) Files.deleteIfExists(file);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null && !discarding && refusal == null) abandon(); // the client went away mid-upload
        current = null;
        super.channelInactive(ctx);
    }
}
