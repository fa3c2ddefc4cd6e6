package org.vistruct.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vistruct.core.GaTime;
import org.vistruct.index.RecordStore;
import org.vistruct.server.alerts.Alert;
import org.vistruct.server.alerts.AlertJson;
import org.vistruct.server.alerts.AlertLog;
import org.vistruct.server.alerts.AlertService;
import org.vistruct.server.alerts.Subscriber;
import org.vistruct.server.alerts.WebhookDeliverer;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/** Alerts (listing, the live stream) for everyone with a token; webhook subscribers for admins. */
public final class AlertRoutes {
    public static final String STREAM = "/api/v1/alerts/stream";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AlertService alerts;
    private final RecordStore index;
    private final AuditLog audit;
    private final ZoneId zone;

    public AlertRoutes(AlertService alerts, RecordStore index, AuditLog audit, ZoneId zone) {
        this.alerts = alerts;
        this.index = index;
        this.audit = audit;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/alerts", Role.VIEWER, true, this::list),
                new Route("GET", STREAM, Role.VIEWER, false, r -> null),
                new Route("GET", "/api/v1/subscribers", Role.ADMIN, false, this::subscribers),
                new Route("POST", "/api/v1/subscribers", Role.ADMIN, true, this::addSubscriber),
                new Route("DELETE", "/api/v1/subscribers/{id}", Role.ADMIN, true, this::removeSubscriber));
    }

    /** Newest first; filters from, to, entry, list, device, record, plate (with * and ?); offset and limit. */
    private ApiResponse list(ApiRequest r) throws Exception {
        int limit = r.intParam("limit", 50, 1, 1000), offset = r.intParam("offset", 0, 0, 1_000_000);
        if (!r.caller().role().atLeast(Role.INVESTIGATOR) && (offset > 0 || limit > 100)) {
            throw new ApiException(403, "viewers see the latest 100 alerts; paging needs the investigator role");
        }
        AlertLog.Filter f = new AlertLog.Filter(QueryParams.time(r, "from", zone), QueryParams.time(r, "to", zone), r.param("entry"),
                r.param("list"), r.param("device"), r.param("record"), r.param("plate") == null ? null : new org.vistruct.index.PlatePattern(r.param("plate")));
        AlertLog.Page page = alerts.log().find(f, offset, limit);
        List<Object> out = new ArrayList<>();
        for (Alert a : page.alerts()) out.add(AlertJson.of(a, index.get(a.recordId()), "", zone));
        audit.record(r, "alerts", r.query().toString(), out.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("offset", offset);
        body.put("alerts", out);
        return ApiResponse.json(body);
    }

    private ApiResponse subscribers(ApiRequest r) throws Exception {
        List<Object> out = new ArrayList<>();
        for (Subscriber s : alerts.subscribers().all()) out.add(view(s, alerts.deliverer().state(s.id()), false));
        return ApiResponse.json(Map.of("subscribers", out));
    }

    /** JSON {name, url, secret?, lists?, devices?}; the secret (made when not given) is shown in this answer only. */
    private ApiResponse addSubscriber(ApiRequest r) throws Exception {
        JsonNode b = r.jsonObject("{\"name\": …, \"url\": …}");
        String secret = b.path("secret").asText("");
        if (secret.isBlank()) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            secret = HexFormat.of().formatHex(bytes);
        }
        String id = b.path("id").asText("");
        if (id.isBlank()) {
            byte[] bytes = new byte[6];
            RANDOM.nextBytes(bytes);
            id = "S" + HexFormat.of().formatHex(bytes);
        }
        Subscriber s = new Subscriber(id, b.path("name").asText(null), b.path("url").asText(null), secret, strings(b.get("lists")),
                strings(b.get("devices")), r.caller().name(), System.currentTimeMillis());
        alerts.addSubscriber(s);
        audit.record(r, "subscriber-add", s.id() + " " + s.url(), 1);
        return ApiResponse.json(201, view(s, alerts.deliverer().state(s.id()), true));
    }

    private ApiResponse removeSubscriber(ApiRequest r) throws Exception {
        String id = r.pathParam("id");
        if (!alerts.removeSubscriber(id)) throw ApiException.notFound("no subscriber " + id);
        audit.record(r, "subscriber-remove", id, 1);
        return ApiResponse.json(Map.of("removed", id));
    }

    private static Set<String> strings(JsonNode n) {
        Set<String> out = new HashSet<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray()) throw ApiException.badRequest("lists and devices must be arrays of strings");
        n.forEach(x -> out.add(x.asText().trim()));
        return out;
    }

    private Map<String, Object> view(Subscriber s, WebhookDeliverer.LaneState state, boolean withSecret) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", s.id());
        n.put("name", s.name());
        n.put("url", s.url());
        if (withSecret) n.put("secret", s.secret());
        n.put("lists", s.lists());
        n.put("devices", s.devices());
        n.put("creator", s.creator());
        n.put("created", GaTime.format(s.created(), zone));
        n.put("pending", state.pending());
        n.put("failures", state.failures());
        if (state.lastError() != null) n.put("lastError", state.lastError());
        return n;
    }
}
