package org.vistruct.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * First handler after the codec: refuses requests the decoder could not read (400, or 431 for
 * oversized headers) and bodies declared larger than allowed (413), before any of the body is read.
 * What follows a refused request on the connection is dropped, and the connection closed.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {
    /** A refused body up to this size is read and dropped, so the client gets to read the 413 before the close. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
    /** GA/T 1400 pushes carry their pictures inline (base64): a platform's batch is larger than an API body. */
    static final String VIID_PREFIX = "/VIID/";
    private final long maxBody, maxUpload, maxViidBody;
    private final String uploadPath;
    private boolean refusing, draining;

    RequestGate(long maxBody, long maxUpload, long maxViidBody, String uploadPath) {
        this.maxBody = maxBody;
        this.maxUpload = maxUpload;
        this.maxViidBody = maxViidBody;
        this.uploadPath = uploadPath;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            refusing = false;
            if (req.decoderResult().isFailure()) {
                Throwable cause = req.decoderResult().cause();
                boolean tooLong = cause instanceof TooLongFrameException;
                refuse(ctx, msg, tooLong ? 431 : 400, tooLong ? "request line or headers too large" : "malformed HTTP request");
                return;
            }
            long length = HttpUtil.getContentLength(req, -1L);
            boolean upload = HttpUploads.isUpload(req, uploadPath);
            long limit = upload ? maxUpload : req.uri().startsWith(VIID_PREFIX) ? maxViidBody : maxBody;
            if (length > limit) {
                String message = "body of " + length + " bytes is larger than the " + limit + " allowed";
                if (length <= DRAIN_LIMIT) {
                    refusing = draining = true;
                    ReferenceCountUtil.release(msg);
                    ctx.writeAndFlush(HttpResponses.of(ApiResponse.error(413, message), false));
                } else {
                    refuse(ctx, msg, 413, message);
                }
                return;
            }
        } else if (refusing && msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            if (draining && msg instanceof io.netty.handler.codec.http.LastHttpContent) ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, int status, String message) {
        refusing = true;
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(HttpResponses.of(ApiResponse.error(status, message), false)).addListener(ChannelFutureListener.CLOSE);
    }
}
