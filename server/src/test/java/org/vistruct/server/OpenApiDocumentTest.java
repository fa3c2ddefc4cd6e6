package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vistruct.server.http.Route;

/** The OpenAPI document the server serves names every endpoint it has, with its method, and nothing it does not have. */
class OpenApiDocumentTest {
    private static final Set<String> UNDOCUMENTED = Set.of("/", "/ui/{file}"); // the web UI's files

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathIsServed() throws Exception {
        JsonNode paths;
        try (var in = getClass().getResourceAsStream("/web/openapi.json")) {
            paths = new ObjectMapper().readTree(in).get("paths");
        }
        try (VistructServer server = new VistructServer(Files.createTempDirectory("vistruct-openapi"), TestConfigs.load(Map.of()), "127.0.0.1", 0)) {
            List<String> missing = new ArrayList<>(), served = new ArrayList<>();
            for (Route r : server.routes()) {
                String path = r.template().replace("...}", "}");
                served.add(r.method().toLowerCase() + " " + path);
                if (UNDOCUMENTED.contains(path)) continue;
                if (!paths.has(path) || !paths.get(path).has(r.method().toLowerCase())) missing.add(r.method() + " " + path);
            }
            assertEquals(List.of(), missing, "routes missing from openapi.json");
            List<String> extra = new ArrayList<>();
            paths.fields().forEachRemaining(e -> e.getValue().fieldNames().forEachRemaining(m -> {
                if (!served.contains(m + " " + e.getKey())) extra.add(m + " " + e.getKey());
            }));
            assertEquals(List.of(), extra, "openapi.json documents what the server does not serve");
        }
    }
}
