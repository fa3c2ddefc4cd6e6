package org.vistruct.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.core.GaTime;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordStore;
import org.vistruct.metadata.HoldTable;
import org.vistruct.retention.EvidenceHolds;
import org.vistruct.retention.OrphanSweep;
import org.vistruct.retention.RetentionPlan;
import org.vistruct.retention.RetentionPolicy;
import org.vistruct.retention.RetentionRun;
import org.vistruct.retention.RetentionScheduler;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/**
 * Retention and evidence holds: what will expire and when, holds placed and released on records
 * (audited), a run or an orphan sweep on demand (admins).
 */
public final class RetentionRoutes {
    private final RetentionPolicy policy;
    private final RetentionScheduler scheduler;
    private final EvidenceHolds evidence;
    private final HoldTable holds;
    private final RecordStore index;
    private final OrphanSweep sweep;
    private final AuditLog audit;
    private final ZoneId zone;

    public RetentionRoutes(RetentionPolicy policy, RetentionScheduler scheduler, EvidenceHolds evidence, HoldTable holds, RecordStore index, OrphanSweep sweep,
                           AuditLog audit, ZoneId zone) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.evidence = evidence;
        this.holds = holds;
        this.index = index;
        this.sweep = sweep;
        this.audit = audit;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/retention", Role.INVESTIGATOR, false, this::plan),
                new Route("POST", "/api/v1/retention/run", Role.ADMIN, true, this::run),
                new Route("POST", "/api/v1/retention/sweep", Role.ADMIN, true, this::sweep),
                new Route("GET", "/api/v1/holds", Role.INVESTIGATOR, false, this::openHolds),
                new Route("POST", "/api/v1/records/{id}/holds", Role.INVESTIGATOR, true, this::place),
                new Route("DELETE", "/api/v1/holds/{id}", Role.INVESTIGATOR, true, this::release));
    }

    private ApiResponse plan(ApiRequest r) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rules", policy.toString());
        out.put("legalHolds", evidence.legalHoldsSupported());
        out.put("groups", RetentionPlan.of(policy, index, System.currentTimeMillis()).stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", l.key());
            m.put("rule", l.ruleNo());
            m.put("devices", l.devices());
            if (!l.exceptDevices().isEmpty()) m.put("exceptDevices", l.exceptDevices());
            m.put("days", l.days());
            m.put("dueNow", l.dueNow());
            m.put("dueIn7Days", l.dueIn7Days());
            m.put("dueIn30Days", l.dueIn30Days());
            if (l.oldestExpiresAt() != null) m.put("oldestExpiresAt", GaTime.format(l.oldestExpiresAt(), zone));
            return m;
        }).toList());
        out.put("openHolds", holds.countOpen());
        if (scheduler.last() != null) out.put("lastRun", report(scheduler.last(), scheduler.lastRunAt()));
        if (scheduler.lastError() != null) out.put("lastError", scheduler.lastError());
        return ApiResponse.json(out);
    }

    private ApiResponse run(ApiRequest r) throws Exception {
        RetentionRun.Report rep = scheduler.runNow();
        audit.record(r, "retention-run", null, rep.toString(), (int) rep.records());
        return ApiResponse.json(report(rep, scheduler.lastRunAt()));
    }

    private Map<String, Object> report(RetentionRun.Report rep, long at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", GaTime.format(at, zone));
        m.put("recordsExpired", rep.recordsExpired());
        m.put("scenesExpired", rep.scenesExpired());
        m.put("picturesDeleted", rep.picturesDeleted());
        m.put("heldKept", rep.heldKept());
        m.put("legalHoldsSet", rep.legalHoldsSet());
        m.put("partitionsDropped", rep.partitionsDropped());
        m.put("elapsedMs", rep.elapsedMs());
        return m;
    }

    /** JSON {delete: true} removes orphans older than an hour (younger ones may be pictures whose record is on its way). */
    private ApiResponse sweep(ApiRequest r) throws Exception {
        boolean delete = r.body().length > 0 && r.jsonObject("{\"delete\": true|false}").path("delete").asBoolean(false);
        OrphanSweep.Report rep = sweep.run(delete ? System.currentTimeMillis() - 3_600_000L : null);
        audit.record(r, "retention-sweep", null, "delete=" + delete, (int) rep.orphansDeleted());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objects", rep.objects());
        m.put("records", rep.records());
        m.put("orphanObjects", rep.orphanObjects());
        m.put("danglingKeys", rep.danglingKeys());
        m.put("orphansDeleted", rep.orphansDeleted());
        m.put("orphanSamples", rep.orphanSamples());
        m.put("danglingSamples", rep.danglingSamples());
        return ApiResponse.json(m);
    }

    private ApiResponse openHolds(ApiRequest r) throws Exception {
        return ApiResponse.json(Map.of("holds", holds.open(r.param("case"), r.intParam("limit", 200, 1, 10_000)).stream().map(this::view).toList()));
    }

    /** JSON {reason, case?}: holds the record as evidence until released. */
    private ApiResponse place(ApiRequest r) throws Exception {
        String id = r.pathParam("id");
        JsonNode b = r.jsonObject("{\"reason\": …, \"case\": …}");
        String caseId = b.hasNonNull("case") ? b.get("case").asText() : null;
        HoldTable.Hold h;
        try {
            h = evidence.place(id, caseId == null ? HoldTable.Source.MANUAL : HoldTable.Source.CASE, caseId, b.path("reason").asText(null), r.caller().name());
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("no record")) throw ApiException.notFound(e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
        audit.record(r, "hold", id, "hold " + h.id() + (caseId == null ? "" : " case " + caseId) + ": " + h.reason(), 1);
        return ApiResponse.json(201, view(h));
    }

    /** ?reason=…: releases one hold; the record expires at the next run once no hold is left. */
    private ApiResponse release(ApiRequest r) throws Exception {
        String id = r.pathParam("id");
        HoldTable.Hold h = holds.get(id);
        if (h == null || !h.open()) throw ApiException.notFound("no open hold " + id);
        String reason = r.param("reason");
        if (reason == null || reason.isBlank()) throw ApiException.badRequest("releasing a hold needs a reason (?reason=…)");
        if (!evidence.release(id, r.caller().name(), reason)) throw ApiException.notFound("no open hold " + id);
        audit.record(r, "hold-release", h.recordId(), "hold " + id + ": " + reason, 1);
        return ApiResponse.json(view(holds.get(id)));
    }

    Map<String, Object> view(HoldTable.Hold h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("recordId", h.recordId());
        if (h.recordType() != null) m.put("recordType", h.recordType());
        if (h.deviceId() != null) m.put("deviceId", h.deviceId());
        m.put("source", h.source().name().toLowerCase());
        if (h.caseId() != null) m.put("case", h.caseId());
        m.put("reason", h.reason());
        m.put("heldBy", h.heldBy());
        m.put("heldAt", GaTime.format(h.heldAt(), zone));
        if (!h.open()) {
            m.put("releasedBy", h.releasedBy());
            m.put("releasedAt", GaTime.format(h.releasedAt(), zone));
            m.put("releaseReason", h.releaseReason());
        }
        return m;
    }

    /** A record's retention for its detail: when it and its scene expire, and its holds. */
    public Map<String, Object> retentionOf(StructuredRecord rec) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        List<HoldTable.Hold> all = holds.ofRecord(rec.id());
        boolean held = all.stream().anyMatch(HoldTable.Hold::open);
        int days = policy.days(rec.deviceId(), rec.type().name()), sceneDays = policy.days(rec.deviceId(), RetentionPolicy.SCENE);
        m.put("Held", held);
        m.put("ExpiresAt", days == 0 ? null : GaTime.format(rec.time() + days * 86_400_000L, zone));
        if (rec.sceneKey() != null) m.put("SceneExpiresAt", sceneDays == 0 ? null : GaTime.format(rec.time() + sceneDays * 86_400_000L, zone));
        m.put("Holds", all.stream().map(this::view).toList());
        return m;
    }
}
