package org.vistruct.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler: authenticates the caller, finds the route, runs it on the handler pool (routes may
 * block on the index or the object store; the event loop never does), and writes the answer. Every
 * failure becomes a JSON error; nothing a client sends escapes as an exception.
 */
final class ApiDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);
    static final String COOKIE = "vistruct_token";

    private record Compiled(Route route, Pattern pattern) {}

    private final List<Compiled> routes;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Metrics metrics;
    private final ExecutorService workers;
    private final List<EventStream> streams;
    /** Requests of this connection still being answered, and whether the client has stopped sending (event loop only). */
    private int inFlight;
    private boolean inputShutdown;

    private final ClientAddress clients;

    ApiDispatcher(List<Route> routes, TokenStore tokens, AuditLog audit, Metrics metrics, ExecutorService workers, List<EventStream> streams,
                  ClientAddress clients) {
        this.clients = clients;
        this.routes = routes.stream().map(r -> new Compiled(r, r.pattern())).toList();
        this.tokens = tokens;
        this.audit = audit;
        this.metrics = metrics;
        this.workers = workers;
        this.streams = streams;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        HttpRequest head;
        byte[] body = null;
        Path file = null;
        if (msg instanceof FullHttpRequest full) {
            head = full;
            body = ByteBufUtil.getBytes(full.content());
        } else if (msg instanceof UploadSpooler.UploadedRequest up) {
            head = up.request();
            file = up.file();
        } else {
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        String peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
        String client = clients.of(peer, head.headers());
        ApiRequest req = new ApiRequest(head.method().name(), head.uri(), head.headers(), body, file, client);
        boolean keepAlive = HttpUtil.isKeepAlive(head);
        inFlight++;
        workers.execute(() -> serve(ctx, req, keepAlive));
    }

    private void serve(ChannelHandlerContext ctx, ApiRequest req, boolean keepAlive) {
        long t0 = System.nanoTime();
        String label = "unmatched";
        ApiResponse res;
        try {
            Compiled c = find(req);
            label = c.route().method() + " " + c.route().template();
            authenticate(req, c.route());
            for (EventStream stream : streams) {
                if (req.path().equals(stream.path())) {
                    audit.record(req, "stream", req.path(), null, 1);
                    ctx.channel().eventLoop().execute(() -> inFlight--); // a stream, not an answer
                    stream.subscribe(ctx, req);
                    return;
                }
            }
            res = c.route().handler().handle(req);
        } catch (ApiException e) {
            res = ApiResponse.error(e.status(), e.getMessage());
            if (e.status() == 401 || e.status() == 403) refused(req, e);
        } catch (org.vistruct.server.DiskGuard.InsufficientStorage e) {
            res = ApiResponse.error(507, e.getMessage());
        } catch (IllegalArgumentException e) {
            res = ApiResponse.error(400, e.getMessage());
        } catch (java.io.FileNotFoundException e) {
            res = ApiResponse.error(404, e.getMessage());
        } catch (Exception e) {
            log.warn("{} {} failed", req.method(), req.path(), e);
            res = ApiResponse.error(500, "internal error: " + e.getClass().getSimpleName());
        } finally {
            deleteQuietly(req.bodyFile());
        }
        metrics.observeSeconds("vistruct_http_request_seconds{route=\"" + label + "\"}", (System.nanoTime() - t0) / 1e9);
        metrics.increment("vistruct_http_responses_total{status=\"" + res.status() + "\"}", 1);
        boolean close = !keepAlive || res.status() >= 500;
        try {
            ctx.writeAndFlush(HttpResponses.of(res, !close)).addListener(f -> answered(ctx, close));
        } catch (RuntimeException shuttingDown) {
            log.debug("response to {} not sent: {}", req.client(), shuttingDown.toString());
        }
    }

    /** Runs on the event loop once a response is written: closes when asked to, or when the client has stopped sending. */
    private void answered(ChannelHandlerContext ctx, boolean close) {
        inFlight--;
        if (close || (inputShutdown && inFlight == 0)) ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            // a client may half-close after its request: answer what is in flight, then close
            inputShutdown = true;
            if (inFlight == 0) ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private Compiled find(ApiRequest req) {
        boolean pathKnown = false;
        for (Compiled c : routes) {
            Map<String, String> params = c.route().match(c.pattern(), req.path());
            if (params == null) continue;
            pathKnown = true;
            if (!c.route().method().equals(req.method())) continue;
            req.pathParams(params);
            return c;
        }
        throw pathKnown ? new ApiException(405, req.method() + " is not allowed on " + req.path()) : ApiException.notFound("no such endpoint: " + req.path());
    }

    /** A refused request goes into the audit trail too: who tried what, from where, and why it was refused. */
    private void refused(ApiRequest req, ApiException e) {
        try {
            audit.append(org.vistruct.metadata.AuditTrail.Entry.of(System.currentTimeMillis(), req.caller() == null ? "-" : req.caller().name(), req.client(),
                    "refused", req.path(), req.method() + ": " + e.getMessage(), 0, e.status()));
        } catch (java.io.IOException | RuntimeException failed) {
            log.warn("refused request from {} not audited: {}", req.client(), failed.getMessage());
        }
    }

    private void authenticate(ApiRequest req, Route route) {
        String token = tokenOf(req.headers());
        TokenStore.Caller caller = token == null ? null : tokens.check(token);
        req.caller(caller);
        if (route.role() == null) return;
        if (caller == null) throw new ApiException(401, token == null ? "a bearer token is required" : "unknown or wrong token");
        if (!caller.role().atLeast(route.role())) {
            throw new ApiException(403, "role " + caller.role().name().toLowerCase() + " may not do this; it needs " + route.role().name().toLowerCase());
        }
    }

    /** The token a request carries: the bearer token, else the browser's cookie; null when none. */
    static String tokenOf(io.netty.handler.codec.http.HttpHeaders headers) {
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
        String cookies = headers.get(HttpHeaderNames.COOKIE);
        if (cookies != null) {
            try {
                for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) if (c.name().equals(COOKIE)) return c.value();
            } catch (RuntimeException malformed) {
                return null;
            }
        }
        return null;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            java.nio.file.Files.deleteIfExists(p);
        } catch (java.io.IOException ignored) {
            // a leftover upload part is cleaned with the uploads folder
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
