package org.vistruct.server.api;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.vistruct.core.GaTime;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/** The audit log, for admins: who searched for what and fetched which picture, filtered by user and time. */
public final class AdminRoutes {
    private final AuditLog audit;
    private final ZoneId zone;

    public AdminRoutes(AuditLog audit, ZoneId zone) {
        this.audit = audit;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/api/v1/audit", Role.ADMIN, false, r -> {
            List<AuditLog.Entry> entries = audit.read(r.param("user"), QueryParams.time(r, "from", zone), QueryParams.time(r, "to", zone),
                    r.intParam("limit", 200, 1, 10_000));
            return ApiResponse.json(Map.of("entries", entries.stream().map(e -> Map.of("user", e.user(), "time", GaTime.format(e.time(), zone),
                    "client", e.client(), "action", e.action(), "query", e.query(), "results", e.results())).toList()));
        }));
    }
}
