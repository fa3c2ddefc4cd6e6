package org.vistruct.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vistruct.core.ColorCode;
import org.vistruct.core.GaTime;
import org.vistruct.core.PictureStore;
import org.vistruct.core.VehicleClass;
import org.vistruct.server.QueryFaceEncoder;
import org.vistruct.server.alerts.WatchEntry;
import org.vistruct.server.alerts.WatchList;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;
import org.vistruct.core.ObjectKeys;

/**
 * The watch lists (布控), for investigators: list, add plates, patterns and vehicle rules (JSON),
 * enrol faces (a photo), remove. Every change is audited with who made it.
 */
public final class WatchRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final WatchList watchList;
    private final QueryFaceEncoder faces;
    private final PictureStore pictures;
    private final AuditLog audit;
    private final ZoneId zone;

    public WatchRoutes(WatchList watchList, QueryFaceEncoder faces, PictureStore pictures, AuditLog audit, ZoneId zone) {
        this.watchList = watchList;
        this.faces = faces;
        this.pictures = pictures;
        this.audit = audit;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/watchlist", Role.INVESTIGATOR, false, this::list),
                new Route("POST", "/api/v1/watchlist", Role.INVESTIGATOR, true, this::add),
                new Route("POST", "/api/v1/watchlist/faces", Role.INVESTIGATOR, true, this::enrolFace),
                new Route("POST", "/api/v1/watchlist/import", Role.INVESTIGATOR, true, this::importPlates),
                new Route("DELETE", "/api/v1/watchlist/{id}", Role.INVESTIGATOR, true, this::remove));
    }

    private ApiResponse list(ApiRequest r) {
        String list = r.param("list"), kind = r.param("kind");
        List<Object> out = watchList.all().stream()
                .filter(e -> list == null || list.equals(e.list()))
                .filter(e -> kind == null || e.kind().name().equalsIgnoreCase(kind))
                .map(e -> (Object) view(e, zone)).toList();
        return ApiResponse.json(Map.of("entries", out));
    }

    /** JSON: {plate} for an exact plate or a pattern (* and ?), or {vehicle: {...}}; list, priority, reason, validFrom, validTo. */
    private ApiResponse add(ApiRequest r) throws Exception {
        JsonNode b = r.jsonObject("with \"plate\" or \"vehicle\"");
        String plate = text(b, "plate");
        JsonNode v = b.get("vehicle");
        if ((plate == null) == (v == null || v.isNull())) throw ApiException.badRequest("give exactly one of \"plate\" (exact or with * and ?) and \"vehicle\" (a rule)");
        WatchEntry.Kind kind;
        WatchEntry.VehicleRule rule = null;
        if (plate != null) {
            kind = plate.contains("*") || plate.contains("?") ? WatchEntry.Kind.PATTERN : WatchEntry.Kind.PLATE;
            plate = plate.toUpperCase(java.util.Locale.ROOT);
        } else {
            if (!v.isObject()) throw ApiException.badRequest("\"vehicle\" must be an object");
            kind = WatchEntry.Kind.VEHICLE;
            rule = rule(v);
        }
        WatchEntry e = entry(r, b::get, kind, plate, rule, null, 0f, null, newId(), System.currentTimeMillis());
        watchList.add(e);
        audit.record(r, "watch-add", e.kind() + " " + e.describe() + " list=" + e.list(), 1);
        return ApiResponse.json(201, view(e, zone));
    }

    /**
     * Many plate entries at once, e.g. a checkpoint list handed over by another system:
     * {"list": …, "reason": …, "priority": …, "plates": ["皖A12345", "浙G*", …]}. All or none are added.
     */
    private ApiResponse importPlates(ApiRequest r) throws Exception {
        JsonNode b = r.jsonObject("{\"plates\": [...], \"list\": …}");
        JsonNode plates = b.get("plates");
        if (plates == null || !plates.isArray() || plates.isEmpty()) throw ApiException.badRequest("\"plates\" must be a non-empty array of plates or patterns");
        if (plates.size() > 1_000_000) throw ApiException.badRequest("at most 1,000,000 plates per import");
        List<WatchEntry> entries = new java.util.ArrayList<>(plates.size());
        long now = System.currentTimeMillis();
        for (JsonNode p : plates) {
            String plate = textOf(p);
            if (plate == null) throw ApiException.badRequest("an empty plate in \"plates\"");
            plate = plate.toUpperCase(java.util.Locale.ROOT);
            WatchEntry.Kind kind = plate.contains("*") || plate.contains("?") ? WatchEntry.Kind.PATTERN : WatchEntry.Kind.PLATE;
            try {
                entries.add(entry(r, b::get, kind, plate, null, null, 0f, null, newId(), now));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("plate '" + plate + "': " + e.getMessage());
            }
        }
        try {
            watchList.addAll(entries);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        audit.record(r, "watch-import", entries.size() + " plates list=" + entries.get(0).list(), entries.size());
        return ApiResponse.json(201, Map.of("added", entries.size()));
    }

    /** multipart/form-data: "image" (the photo), and list, minSimilarity, priority, reason, validFrom, validTo, faceIndex. */
    private ApiResponse enrolFace(ApiRequest r) throws Exception {
        MultipartForm form = MultipartForm.parse(r, "image");
        String faceIndex = form.get("faceIndex", r), min = form.get("minSimilarity", r);
        QueryFaceEncoder.Enrolled face = faces.enrol(form.file(), "enrolled photo", faceIndex == null ? 0 : Integer.parseInt(faceIndex));
        String id = newId();
        long now = System.currentTimeMillis();
        String photoKey = ObjectKeys.of("watchlist", now, id, "enrolled", zone);
        pictures.put(photoKey, face.alignedJpeg());
        WatchEntry e = entry(r, name -> form.get(name, r) == null ? null : JSON.getNodeFactory().textNode(form.get(name, r)), WatchEntry.Kind.FACE,
                null, null, face.feature(), min == null ? 0.5f : Float.parseFloat(min), photoKey, id, now);
        watchList.add(e);
        audit.record(r, "watch-add", "FACE list=" + e.list() + " min=" + e.minSimilarity(), 1);
        return ApiResponse.json(201, view(e, zone));
    }

    private ApiResponse remove(ApiRequest r) throws Exception {
        String id = r.pathParam("id");
        if (!watchList.remove(id)) throw ApiException.notFound("no watch entry " + id);
        audit.record(r, "watch-remove", id, 1);
        return ApiResponse.json(Map.of("removed", id));
    }

    private WatchEntry entry(ApiRequest r, java.util.function.Function<String, JsonNode> field, WatchEntry.Kind kind, String plate,
                             WatchEntry.VehicleRule rule, float[] face, float minSimilarity, String photoKey, String id, long now) {
        String list = textOf(field.apply("list"));
        String priority = textOf(field.apply("priority"));
        String from = textOf(field.apply("validFrom")), to = textOf(field.apply("validTo"));
        return new WatchEntry(id, list == null ? "default" : list, kind, plate, rule, face, minSimilarity, photoKey,
                from == null ? 0 : GaTime.parse(from, zone), to == null ? 0 : GaTime.parse(to, zone),
                priority == null ? 3 : Integer.parseInt(priority), textOf(field.apply("reason")), r.caller().name(), now);
    }

    private static WatchEntry.VehicleRule rule(JsonNode v) {
        Set<String> devices = new HashSet<>();
        JsonNode d = v.get("devices");
        if (d != null && d.isArray()) d.forEach(n -> devices.add(n.asText().trim()));
        else if (d != null && d.isTextual()) for (String s : d.asText().split(",")) if (!s.isBlank()) devices.add(s.trim());
        String plateColor = text(v, "plateColor"), vehicleColor = text(v, "vehicleColor"), vehicleClass = text(v, "vehicleClass");
        String window = text(v, "timeOfDay");
        Integer fromMinute = null, toMinute = null;
        if (window != null) {
            var m = java.util.regex.Pattern.compile("(\\d{1,2}):(\\d{2})-(\\d{1,2}):(\\d{2})").matcher(window);
            if (!m.matches()) throw ApiException.badRequest("timeOfDay must look like 22:00-05:00, was '" + window + "'");
            fromMinute = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
            toMinute = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
        }
        return new WatchEntry.VehicleRule(plateColor == null ? null : ColorCode.parse(plateColor).code(),
                vehicleColor == null ? null : ColorCode.parse(vehicleColor).code(),
                vehicleClass == null ? null : VehicleClass.parse(vehicleClass).code(), devices, fromMinute, toMinute);
    }

    private static String text(JsonNode n, String name) { return textOf(n.get(name)); }

    private static String textOf(JsonNode n) {
        if (n == null || n.isNull()) return null;
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "W" + HexFormat.of().formatHex(b);
    }

    /** An entry as the API shows it (GA/T 1400 Disposition names where they fit; the face feature is not shown). */
    static ObjectNode view(WatchEntry e, ZoneId zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("DispositionID", e.id());
        n.put("List", e.list());
        n.put("Kind", e.kind().name());
        if (e.plate() != null) n.put("PlateNo", e.plate());
        n.put("Watched", e.describe());
        n.put("PriorityLevel", e.priority());
        if (e.reason() != null) n.put("DispositionReason", e.reason());
        n.put("Creator", e.creator());
        n.put("CreateTime", GaTime.format(e.created(), zone));
        if (e.validFrom() > 0) n.put("BeginTime", GaTime.format(e.validFrom(), zone));
        if (e.validTo() > 0) n.put("EndTime", GaTime.format(e.validTo(), zone));
        if (e.kind() == WatchEntry.Kind.FACE) n.put("MinSimilarity", e.minSimilarity());
        if (e.photoKey() != null) n.put("PhotoUrl", "/api/v1/pictures/" + e.photoKey());
        return n;
    }
}
