package org.vistruct.server.viid;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vistruct.core.GaTime;
import org.vistruct.gat1400.ResponseStatus;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidRequest;
import org.vistruct.gat1400.ViidResponse;
import org.vistruct.gat1400.ViidStore;
import org.vistruct.gat1400.cascade.UpperLink;
import org.vistruct.gat1400.client.ViidClient;
import org.vistruct.gat1400.subscribe.Subscriptions;
import org.vistruct.gat1400.system.Registrations;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/**
 * The GA/T 1400 endpoints on the HTTP port: everything under /VIID/ handed to the 视图库 service
 * (its own authentication: digest registration and User-Identify, no bearer token), and the
 * operators' view under /api/v1/viid: senders, subscriptions, upper links, received notifications,
 * and requests to lower platforms.
 */
public final class ViidRoutes {
    private final ViidPlatform viid;
    private final ZoneId zone;
    private final Supplier<String> publicUrl;

    public ViidRoutes(ViidPlatform viid, ZoneId zone, Supplier<String> publicUrl) {
        this.viid = viid;
        this.zone = zone;
        this.publicUrl = publicUrl;
    }

    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (String m : List.of("GET", "POST", "PUT", "DELETE")) out.add(new Route(m, "/VIID/{rest...}", null, false, this::viid));
        out.add(new Route("GET", "/api/v1/viid", Role.VIEWER, false, r -> ApiResponse.json(state())));
        out.add(new Route("GET", "/api/v1/viid/notifications", Role.INVESTIGATOR, false, this::notifications));
        out.add(new Route("POST", "/api/v1/viid/lowers/{id}/subscribes", Role.INVESTIGATOR, true,
                r -> reply(viid.subscribeLower(r.pathParam("id"), object(r), publicUrl.get()))));
        out.add(new Route("DELETE", "/api/v1/viid/lowers/{id}/subscribes/{sid}", Role.INVESTIGATOR, true,
                r -> reply(viid.lowers().unsubscribe(r.pathParam("id"), r.pathParam("sid")))));
        out.add(new Route("POST", "/api/v1/viid/lowers/{id}/dispositions", Role.INVESTIGATOR, true,
                r -> reply(viid.disposeLower(r.pathParam("id"), object(r), publicUrl.get()))));
        out.add(new Route("DELETE", "/api/v1/viid/lowers/{id}/dispositions/{did}", Role.INVESTIGATOR, true,
                r -> reply(viid.lowers().cancelDisposition(r.pathParam("id"), r.pathParam("did")))));
        return out;
    }

    private ApiResponse viid(ApiRequest r) {
        ViidResponse res = viid.service().handle(new ViidRequest(r.method(), r.path(), r.query(), name -> r.headers().get(name), r.body(), r.client()));
        byte[] body;
        try {
            body = res.json() != null ? ViidJson.mapper().writeValueAsBytes(res.json()) : res.bytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a GA/T 1400 answer", e);
        }
        return new ApiResponse(res.status(), res.contentType(), new LinkedHashMap<>(res.headers()), body);
    }

    private static JsonNode object(ApiRequest r) {
        JsonNode n = r.jsonObject("(a GA/T 1400 SubscribeObject or DispositionObject)");
        return n;
    }

    private ApiResponse reply(ViidClient.Reply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("httpStatus", reply.httpStatus());
        m.put("ok", reply.ok());
        if (reply.problem() != null) m.put("problem", reply.problem());
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (ResponseStatus s : reply.statuses()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", s.id());
            x.put("statusCode", s.status().code());
            x.put("statusString", s.statusString());
            statuses.add(x);
        }
        m.put("statuses", statuses);
        return ApiResponse.json(reply.ok() ? 200 : 502, m);
    }

    private ApiResponse notifications(ApiRequest r) throws Exception {
        String kind = r.param("kind") == null ? "subscribe" : r.param("kind");
        if (!kind.equals("subscribe") && !kind.equals("disposition")) throw ApiException.badRequest("kind must be subscribe or disposition");
        int limit = r.intParam("limit", 100, 1, 1000);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ViidStore.Notice n : viid.store().notices(kind, r.param("ref"), limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("ref", n.refId());
            m.put("sender", n.sender());
            m.put("received", GaTime.format(n.received(), zone));
            m.put("objects", n.objects());
            m.put("body", ViidJson.mapper().readTree(n.body() == null ? "null" : n.body()));
            out.add(m);
        }
        return ApiResponse.json(Map.of("notifications", out));
    }

    /** Senders, subscriptions, upper and lower platforms, for the API, the web UI and `vistruct`. */
    Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serverId", viid.serverId());
        List<Map<String, Object>> senders = new ArrayList<>();
        for (Registrations.Sender s : viid.registrations().senders()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", s.id());
            x.put("address", s.address());
            x.put("online", s.online());
            x.put("registeredSince", time(s.registeredSince()));
            x.put("lastKeepalive", time(s.lastKeepalive()));
            x.put("keepalives", s.keepalives());
            senders.add(x);
        }
        m.put("senders", senders);
        List<Map<String, Object>> subs = new ArrayList<>();
        for (Subscriptions.View v : viid.subscriptions().views()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", v.id());
            x.put("subscriber", v.subscriber());
            x.put("details", v.details());
            x.put("receiveAddr", v.receiveAddr());
            x.put("queued", v.queued());
            if (v.lane() != null) {
                x.put("sent", v.lane().sent());
                x.put("failures", v.lane().failures());
                x.put("lastError", v.lane().lastError());
                x.put("lastSent", time(v.lane().lastSent()));
            }
            subs.add(x);
        }
        m.put("subscriptions", subs);
        List<Map<String, Object>> ups = new ArrayList<>();
        for (UpperLink u : viid.uppers()) {
            UpperLink.State s = u.state();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", s.id());
            x.put("address", s.address());
            x.put("registered", s.registered());
            x.put("registeredSince", time(s.registeredSince()));
            x.put("lastKeepalive", time(s.lastKeepalive()));
            x.put("queued", s.queued());
            x.put("pushed", s.pushed());
            x.put("failures", s.failures());
            x.put("rejected", s.rejected());
            x.put("lastError", s.lastError());
            ups.add(x);
        }
        m.put("uppers", ups);
        m.put("lowers", viid.lowers().addresses());
        Map<String, Object> intake = new LinkedHashMap<>();
        intake.put("accepted", viid.intake().accepted.sum());
        intake.put("duplicates", viid.intake().duplicates.sum());
        intake.put("completed", viid.intake().completed.sum());
        intake.put("rejected", viid.intake().rejected.sum());
        intake.put("failed", viid.intake().failed.sum());
        m.put("intake", intake);
        return m;
    }

    private String time(long ms) { return ms == 0 ? null : GaTime.format(ms, zone); }
}
