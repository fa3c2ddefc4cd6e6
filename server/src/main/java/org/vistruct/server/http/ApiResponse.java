package org.vistruct.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response: status, content type, extra headers, body. */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, "application/json; charset=utf-8", new LinkedHashMap<>(), JSON.writeValueAsBytes(value));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static ApiResponse json(Object value) { return json(200, value); }

    public static ApiResponse error(int status, String message) {
        return json(status, Map.of("status", status, "message", message == null ? "error" : message));
    }

    public static ApiResponse bytes(String contentType, byte[] body) {
        return new ApiResponse(200, contentType, new LinkedHashMap<>(), body);
    }

    public static ApiResponse text(String contentType, String body) {
        return bytes(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
