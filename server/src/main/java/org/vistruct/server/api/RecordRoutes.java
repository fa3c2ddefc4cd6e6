package org.vistruct.server.api;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.FaceHit;
import org.vistruct.index.FaceQuery;
import org.vistruct.index.RecordStore;
import org.vistruct.server.QueryFaceEncoder;
import org.vistruct.server.RecordJson;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/** Record search, record detail and search by face photo. */
public final class RecordRoutes {
    /** How many of the latest records a viewer sees. */
    static final int VIEWER_LATEST = 100;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final RecordStore index;
    private final AuditLog audit;
    private final QueryFaceEncoder faces;
    private final java.util.function.Function<String, List<String>> alertsOf;
    private final ZoneId zone;

    private final Retention retention;

    /** A record's retention as its detail shows it: when it expires, whether and why it is held. */
    @FunctionalInterface
    public interface Retention {
        Map<String, Object> of(StructuredRecord r) throws java.io.IOException;
    }

    /**
     * @param alertsOf  the ids of the alerts a record raised (shown in its detail; such records are held)
     * @param retention what its detail says of its retention
     */
    public RecordRoutes(RecordStore index, AuditLog audit, QueryFaceEncoder faces, java.util.function.Function<String, List<String>> alertsOf,
                        Retention retention, ZoneId zone) {
        this.alertsOf = alertsOf;
        this.retention = retention;
        this.index = index;
        this.audit = audit;
        this.faces = faces;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/records", Role.VIEWER, true, this::search),
                new Route("GET", "/api/v1/records/stream", Role.VIEWER, false, r -> null),
                new Route("GET", "/api/v1/records/{id}", Role.VIEWER, false, this::detail),
                new Route("POST", "/api/v1/faces/search", Role.INVESTIGATOR, true, this::faceSearch));
    }

    private ApiResponse search(ApiRequest r) throws Exception {
        if (QueryParams.hasFilters(r) && !r.caller().role().atLeast(Role.INVESTIGATOR)) {
            throw new ApiException(403, "searching with filters needs the investigator role; viewers see the latest records");
        }
        int limit = r.intParam("limit", 50, 1, 1000), offset = r.intParam("offset", 0, 0, 100_000);
        String sort = r.param("sort") == null ? "-time" : r.param("sort");
        if (!r.caller().role().atLeast(Role.INVESTIGATOR) && (offset > 0 || limit > VIEWER_LATEST || !sort.equals("-time"))) {
            // the role's promise: viewers watch what comes in; history is for investigators, whose searches are audited as such
            throw new ApiException(403, "viewers see the latest " + VIEWER_LATEST + " records, newest first; paging and sorting need the investigator role");
        }
        if (!sort.equals("-time") && !sort.equals("time")) throw ApiException.badRequest("sort must be -time (newest first) or time, was '" + sort + "'");
        RecordStore.Page page = index.page(QueryParams.of(r, zone, limit), offset, sort.equals("time"));
        audit.record(r, "search", r.query().toString(), page.records().size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("totalExact", page.totalExact());
        out.put("offset", offset);
        out.put("limit", limit);
        List<Object> records = new ArrayList<>();
        for (StructuredRecord rec : page.records()) records.add(RecordJson.of(rec, zone).put("Type", rec.type().name())); // lists mix types
        out.put("records", records);
        return ApiResponse.json(out);
    }

    private ApiResponse detail(ApiRequest r) throws Exception {
        StructuredRecord rec = index.get(r.pathParam("id"));
        if (rec == null) throw ApiException.notFound("no record " + r.pathParam("id"));
        audit.record(r, "record", rec.id(), null, 1);
        var json = RecordJson.of(rec, zone);
        json.put("Type", rec.type().name());
        List<String> alerts = alertsOf.apply(rec.id());
        if (!alerts.isEmpty()) {
            json.put("Alerted", true);
            alerts.forEach(json.putArray("AlertIDs")::add);
        }
        json.set("Retention", JSON.valueToTree(retention.of(rec)));
        return ApiResponse.json(json);
    }

    /** multipart/form-data with an "image" file part; limit, minSimilarity, device, from, to as fields or query parameters. */
    private ApiResponse faceSearch(ApiRequest r) throws Exception {
        MultipartForm form = MultipartForm.parse(r, "image");
        Map<String, String> fields = form.fields();
        String limit = form.get("limit", r), min = form.get("minSimilarity", r), from = form.get("from", r), to = form.get("to", r);
        java.util.Set<String> devices = new java.util.HashSet<>(QueryParams.devices(r));
        if (fields.get("device") != null) for (String d : fields.get("device").split(",")) if (!d.isBlank()) devices.add(d.trim());
        int faceIndex = fields.get("faceIndex") == null ? 0 : Integer.parseInt(fields.get("faceIndex"));
        float[] feature = faces.encode(form.file(), "uploaded photo", faceIndex);
        FaceQuery q = new FaceQuery(feature, limit == null ? 50 : Integer.parseInt(limit), min == null ? 0.3f : Float.parseFloat(min), devices,
                from == null ? null : org.vistruct.core.GaTime.parse(from, zone), to == null ? null : org.vistruct.core.GaTime.parse(to, zone));
        List<FaceHit> hits = index.searchFaces(q);
        audit.record(r, "face-search", fields.toString(), hits.size());
        List<Object> out = new ArrayList<>();
        for (FaceHit h : hits) {
            var n = RecordJson.of(h.face(), zone);
            n.put("Similarity", Math.round(h.similarity() * 1000) / 1000.0);
            out.add(n);
        }
        return ApiResponse.json(Map.of("faces", out));
    }
}
