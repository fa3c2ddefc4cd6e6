package org.vistruct.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A request as the routes see it: method, decoded path and query, headers, the body (in memory, or
 * a file for streamed uploads), the caller's address, and who the caller is once authenticated.
 */
public final class ApiRequest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final String method, path, client;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final Path bodyFile;
    private Map<String, String> pathParams = Map.of();
    private TokenStore.Caller caller;

    public ApiRequest(String method, String uri, HttpHeaders headers, byte[] body, Path bodyFile, String client) {
        QueryStringDecoder d = new QueryStringDecoder(uri, StandardCharsets.UTF_8);
        this.method = method;
        this.path = d.path();
        this.query = d.parameters();
        this.headers = headers;
        this.body = body;
        this.bodyFile = bodyFile;
        this.client = client;
    }

    public String method() { return method; }

    public String path() { return path; }

    public String client() { return client; }

    public HttpHeaders headers() { return headers; }

    public byte[] body() { return body == null ? new byte[0] : body; }

    /** The streamed body of an upload, or null. */
    public Path bodyFile() { return bodyFile; }

    /** The body as a JSON object; a 400 naming what is wrong otherwise. */
    public com.fasterxml.jackson.databind.JsonNode jsonObject(String expected) {
        com.fasterxml.jackson.databind.JsonNode n;
        try {
            n = JSON.readTree(body());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) throw ApiException.badRequest("expected a JSON object " + expected);
        return n;
    }

    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).trim();
    }

    public List<String> params(String name) { return query.getOrDefault(name, List.of()); }

    public Map<String, List<String>> query() { return query; }

    public int intParam(String name, int fallback, int min, int max) {
        String v = param(name);
        if (v == null) return fallback;
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw ApiException.badRequest(name + " must be " + min + "-" + max + ", was " + i);
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, was '" + v + "'");
        }
    }

    public String pathParam(String name) { return pathParams.get(name); }

    void pathParams(Map<String, String> p) { this.pathParams = p; }

    public TokenStore.Caller caller() { return caller; }

    void caller(TokenStore.Caller c) { this.caller = c; }
}
