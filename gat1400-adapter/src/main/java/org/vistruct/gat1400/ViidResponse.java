package org.vistruct.gat1400;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer: HTTP status, extra headers, and a JSON body or bytes of the given type. */
public record ViidResponse(int status, Map<String, String> headers, JsonNode json, byte[] bytes, String contentType) {
    public static final String JSON_TYPE = "application/VIID+JSON;charset=UTF-8";

    public static ViidResponse json(int status, JsonNode body) { return new ViidResponse(status, new LinkedHashMap<>(), body, null, JSON_TYPE); }

    public static ViidResponse bytes(String contentType, byte[] body) { return new ViidResponse(200, new LinkedHashMap<>(), null, body, contentType); }

    public ViidResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
