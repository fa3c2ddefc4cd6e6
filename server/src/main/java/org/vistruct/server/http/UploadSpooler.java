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
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams the body of an upload (a case video) to a file as it arrives, never holding it in memory,
 * and passes on one {@link UploadedRequest} when it is complete. Counts bytes so a body without a
 * declared length is still cut at the limit (413).
 */
final class UploadSpooler extends ChannelInboundHandlerAdapter {
    /** A complete upload: the request line and headers, and where its body now is. */
    record UploadedRequest(HttpRequest request, Path file) {}

    private final Path dir;
    private final long maxUpload;
    private final String uploadPath;
    private HttpRequest current;
    private Path file;
    private FileChannel out;
    private long written;
    private boolean discarding;

    UploadSpooler(Path dir, long maxUpload, String uploadPath) {
        this.dir = dir;
        this.maxUpload = maxUpload;
        this.uploadPath = uploadPath;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        if (msg instanceof HttpRequest req && HttpUploads.isUpload(req, uploadPath)) {
            current = req;
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "upload-", ".part");
            out = FileChannel.open(file, StandardOpenOption.WRITE);
            written = 0;
            discarding = false;
            ReferenceCountUtil.release(msg);
            if (!(msg instanceof HttpContent)) return;
        }
        if (current == null || !(msg instanceof HttpContent content)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!discarding) {
                ByteBuf buf = content.content();
                written += buf.readableBytes();
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

    private void abandon() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null && !discarding) abandon(); // the client went away mid-upload
        current = null;
        super.channelInactive(ctx);
    }
}
