package org.vistruct.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Which requests are uploads streamed to disk: a POST to the upload path with a non-JSON body. */
final class HttpUploads {
    private HttpUploads() {}

    static boolean isUpload(HttpRequest req, String uploadPath) {
        if (!HttpMethod.POST.equals(req.method())) return false;
        if (!new QueryStringDecoder(req.uri()).path().equals(uploadPath)) return false;
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        return !type.startsWith("application/json");
    }
}
