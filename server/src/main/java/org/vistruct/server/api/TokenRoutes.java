package org.vistruct.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.core.GaTime;
import org.vistruct.metadata.TokenTable;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;
import org.vistruct.server.http.TokenStore;

/** API tokens, for admins: list (never the secrets), create (the token is shown in that answer only), revoke. */
public final class TokenRoutes {
    private final TokenStore tokens;
    private final AuditLog audit;
    private final ZoneId zone;

    public TokenRoutes(TokenStore tokens, AuditLog audit, ZoneId zone) {
        this.tokens = tokens;
        this.audit = audit;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/tokens", Role.ADMIN, false, r -> ApiResponse.json(Map.of("tokens", tokens.list().stream().map(this::view).toList()))),
                new Route("POST", "/api/v1/tokens", Role.ADMIN, true, r -> {
                    JsonNode b = r.jsonObject("{\"name\": …, \"role\": \"viewer|investigator|admin\"}");
                    Role role;
                    try {
                        role = Role.parse(b.path("role").asText(""));
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest(e.getMessage());
                    }
                    String token = tokens.create(b.path("name").asText(""), role);
                    audit.record(r, "token-create", token.substring(4, 12), b.path("name").asText() + " " + role.name().toLowerCase(), 1);
                    return ApiResponse.json(201, Map.of("id", token.substring(4, 12), "token", token));
                }),
                new Route("DELETE", "/api/v1/tokens/{id}", Role.ADMIN, true, r -> {
                    String id = r.pathParam("id");
                    if (!tokens.revoke(id, r.caller().name())) throw ApiException.notFound("no active token " + id);
                    audit.record(r, "token-revoke", id, null, 1);
                    return ApiResponse.json(Map.of("revoked", id));
                }));
    }

    private Map<String, Object> view(TokenTable.TokenRow t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("role", t.role().toLowerCase());
        m.put("created", GaTime.format(t.created(), zone));
        if (!t.active()) {
            m.put("revoked", GaTime.format(t.revoked(), zone));
            m.put("revokedBy", t.revokedBy());
        }
        return m;
    }
}
