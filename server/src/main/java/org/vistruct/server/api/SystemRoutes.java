package org.vistruct.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Metrics;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;
import org.vistruct.server.http.TokenStore;

/** Health, metrics, the OpenAPI document, sign-in for the browser, and the web UI's files. */
public final class SystemRoutes {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json; charset=utf-8", "svg", "image/svg+xml");
    private final Health health;
    private final Metrics metrics;
    private final TokenStore tokens;
    private final boolean metricsPublic;

    /** The server's state for /api/v1/health. */
    @FunctionalInterface
    public interface Health {
        Map<String, Object> now() throws IOException;
    }

    public SystemRoutes(Health health, Metrics metrics, TokenStore tokens, boolean metricsPublic) {
        this.health = health;
        this.metrics = metrics;
        this.tokens = tokens;
        this.metricsPublic = metricsPublic;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/health", null, false, r -> {
                    // a load balancer gets the verdict; an admin gets the reasons (they name endpoints and keys)
                    Map<String, Object> h = health.now();
                    if (r.caller() != null && r.caller().role().atLeast(Role.ADMIN)) return ApiResponse.json(h);
                    return ApiResponse.json(Map.of("status", h.get("status"), "records", h.get("records")));
                }),
                new Route("GET", "/metrics", metricsPublic ? null : Role.ADMIN, false,
                        r -> ApiResponse.text("text/plain; version=0.0.4; charset=utf-8", metrics.render())),
                new Route("GET", "/api/v1/openapi.json", null, false, r -> file("openapi.json")),
                new Route("POST", "/api/v1/login", null, false, this::login),
                new Route("POST", "/api/v1/logout", null, false, r -> ApiResponse.json(Map.of("signedIn", false))
                        .header("Set-Cookie", "vistruct_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")),
                new Route("GET", "/api/v1/me", Role.VIEWER, false, r -> ApiResponse.json(Map.of("name", r.caller().name(), "role", r.caller().role().name().toLowerCase()))),
                new Route("GET", "/", null, false, r -> file("index.html")),
                new Route("GET", "/ui/{file}", null, false, r -> file(r.pathParam("file"))));
    }

    /** Checks a token and hands it to the browser as an HttpOnly cookie, so pictures and the live list can use it. */
    private ApiResponse login(ApiRequest r) {
        String token = r.jsonObject("{\"token\": …}").path("token").asText(null);
        TokenStore.Caller caller = tokens.check(token);
        if (caller == null) throw new ApiException(401, "unknown or wrong token");
        return ApiResponse.json(Map.of("name", caller.name(), "role", caller.role().name().toLowerCase()))
                .header("Set-Cookie", "vistruct_token=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
    }

    private static ApiResponse file(String name) throws IOException {
        if (!name.matches("[a-z0-9_-]{1,64}\\.(html|js|css|json|svg)")) throw ApiException.notFound("no such file: " + name);
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw ApiException.notFound("no such file: " + name);
            return ApiResponse.bytes(TYPES.get(name.substring(name.lastIndexOf('.') + 1)), in.readAllBytes()).header("Cache-Control", "no-cache");
        }
    }
}
