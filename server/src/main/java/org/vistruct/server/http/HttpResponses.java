package org.vistruct.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Turns an {@link ApiResponse} into Netty's response, with the headers every answer carries. */
final class HttpResponses {
    private HttpResponses() {}

    static FullHttpResponse of(ApiResponse r, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("X-Frame-Options", "DENY");
        res.headers().set("Referrer-Policy", "no-referrer");
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        if (!r.headers().containsKey("Cache-Control")) res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return res;
    }
}
