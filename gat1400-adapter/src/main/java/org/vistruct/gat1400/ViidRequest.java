package org.vistruct.gat1400;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A request as the GA/T 1400 service sees it, whatever carries it: method, path, decoded query,
 * a header lookup (case-insensitive), the body, the caller's address.
 */
public record ViidRequest(String method, String path, Map<String, List<String>> query, Function<String, String> header, byte[] body, String client) {
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
