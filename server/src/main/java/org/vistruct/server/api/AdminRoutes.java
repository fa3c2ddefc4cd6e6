package org.vistruct.server.api;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.core.GaTime;
import org.vistruct.metadata.AuditTrail;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/** The audit trail, for admins: who did what to which target, when, from where; and whether the chain is intact. */
public final class AdminRoutes {
    private final AuditLog audit;
    private final ZoneId zone;

    private final Backups backups;

    /** Writes a backup by name; what the server wires to DataBackup with writes paused. */
    @FunctionalInterface
    public interface Backups {
        Map<String, Object> write(String name, boolean pictures) throws java.io.IOException;
    }

    public AdminRoutes(AuditLog audit, Backups backups, ZoneId zone) {
        this.audit = audit;
        this.backups = backups;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/api/v1/audit", Role.ADMIN, false, r -> {
            List<AuditTrail.Entry> entries = audit.find(new AuditTrail.Query(r.param("user"), r.param("action"), r.param("target"),
                    QueryParams.time(r, "from", zone), QueryParams.time(r, "to", zone), r.intParam("limit", 200, 1, 10_000)));
            return ApiResponse.json(Map.of("entries", entries.stream().map(this::view).toList()));
        }), new Route("GET", "/api/v1/audit/verify", Role.ADMIN, false, r -> {
            AuditTrail.Verification v = audit.trail().verify();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("intact", v.intact());
            out.put("entries", v.entries());
            out.put("lastSeq", v.lastSeq());
            out.put("problems", v.problems().stream().limit(1000).map(p -> Map.of("seq", p.seq(), "problem", p.what())).toList());
            return ApiResponse.json(out);
        }), new Route("POST", "/api/v1/backup", Role.ADMIN, true, r -> {
            var b = r.jsonObject("{\"name\": …, \"objects\": true|false}");
            String name = b.path("name").asText("");
            if (!name.matches("[0-9A-Za-z_.-]{1,64}") || name.startsWith(".")) {
                throw org.vistruct.server.http.ApiException.badRequest("name: 1-64 letters, digits, _ . - (not starting with .)");
            }
            Map<String, Object> out;
            try {
                out = backups.write(name, b.path("objects").asBoolean(false));
            } catch (IllegalArgumentException e) {
                throw new org.vistruct.server.http.ApiException(409, e.getMessage());
            }
            audit.record(r, "backup", name, out.toString(), 1);
            return ApiResponse.json(201, out);
        }));
    }

    private Map<String, Object> view(AuditTrail.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("user", e.user());
        m.put("time", GaTime.format(e.time(), zone));
        m.put("client", e.client());
        m.put("action", e.action());
        if (e.target() != null) m.put("target", e.target());
        if (e.query() != null) m.put("query", e.query());
        m.put("results", e.results());
        m.put("status", e.status());
        return m;
    }
}
