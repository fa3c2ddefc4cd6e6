package org.vistruct.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events pushed to browsers as Server-Sent Events (newly written records, alerts): each
 * subscriber's connection stays open and gets one {@code data:} line of JSON per event. Slow
 * subscribers are dropped rather than buffered without bound.
 */
public final class EventStream {
    private final String path;
    private final Set<Channel> subscribers = ConcurrentHashMap.newKeySet();

    /** @param path the GET path browsers open (its route decides who may) */
    public EventStream(String path) { this.path = path; }

    public String path() { return path; }

    void subscribe(ChannelHandlerContext ctx, ApiRequest req) {
        DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        Channel ch = ctx.channel();
        ch.writeAndFlush(res);
        ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(": subscribed\n\n", StandardCharsets.UTF_8)));
        subscribers.add(ch);
        ch.closeFuture().addListener(f -> subscribers.remove(ch));
    }

    /** Sends one JSON object to every subscriber. */
    public void publish(String json) {
        byte[] event = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (Channel ch : subscribers) {
            if (!ch.isWritable()) {
                ch.close(); // it cannot keep up; the browser reconnects and reloads the list
                continue;
            }
            ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(event)));
        }
    }

    public int subscribers() { return subscribers.size(); }
}
