package org.vistruct.server.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vistruct.analytics.Answer;
import org.vistruct.analytics.AreaCollision;
import org.vistruct.analytics.CloneScan;
import org.vistruct.analytics.CompanionFinder;
import org.vistruct.analytics.Investigations;
import org.vistruct.analytics.NightOnly;
import org.vistruct.analytics.Place;
import org.vistruct.analytics.PlateTally;
import org.vistruct.analytics.Scope;
import org.vistruct.analytics.StayPoints;
import org.vistruct.analytics.TooBroadException;
import org.vistruct.analytics.Trajectory;
import org.vistruct.core.ColorCode;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.PlatePattern;
import org.vistruct.metadata.PlaceTable;
import org.vistruct.server.RecordJson;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/**
 * /api/v1/analytics/…: the tactics (JSON, or CSV with format=csv: one line per evidence pass), the
 * 套牌 suspects raised in real time and their verdicts; /api/v1/places: device positions (one by
 * one, or a CSV import of id,name,longitude,latitude). Every question is written to the audit log,
 * also when refused as too broad.
 */
public final class AnalyticsRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMON = Set.of("from", "to", "device", "plate", "plateColor", "vehicleColor", "vehicleClass", "limit", "format");
    private final AnalyticsPlatform platform;
    private final AuditLog audit;
    private final ZoneId zone;

    public AnalyticsRoutes(AnalyticsPlatform platform, AuditLog audit, ZoneId zone) {
        this.platform = platform;
        this.audit = audit;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/analytics/trajectory", Role.INVESTIGATOR, true, r -> ask(r, "trajectory", Set.of(), () -> trajectory(r))),
                new Route("GET", "/api/v1/analytics/companions", Role.INVESTIGATOR, true,
                        r -> ask(r, "companions", Set.of("windowS", "minTimes", "minDevices"), () -> companions(r))),
                new Route("GET", "/api/v1/analytics/clones", Role.INVESTIGATOR, true, r -> ask(r, "clones", Set.of("rule"), () -> clones(r))),
                new Route("GET", "/api/v1/analytics/collision", Role.INVESTIGATOR, true,
                        r -> ask(r, "collision", Set.of("window", "exclude", "minWindows"), () -> collision(r))),
                new Route("GET", "/api/v1/analytics/first-seen", Role.INVESTIGATOR, true,
                        r -> ask(r, "first-seen", Set.of("lookbackDays", "anywhere"), () -> tallies(r, firstSeen(r)))),
                new Route("GET", "/api/v1/analytics/night", Role.INVESTIGATOR, true,
                        r -> ask(r, "night", Set.of("night", "day", "minNights", "maxDayPasses"), () -> tallies(r, night(r)))),
                new Route("GET", "/api/v1/analytics/frequent", Role.INVESTIGATOR, true, r -> ask(r, "frequent", Set.of("minPasses"), () -> tallies(r, frequent(r)))),
                new Route("GET", "/api/v1/analytics/stays", Role.INVESTIGATOR, true, r -> ask(r, "stays", Set.of("minHours"), () -> stays(r))),
                new Route("GET", "/api/v1/analytics/suspects", Role.INVESTIGATOR, false, this::suspects),
                new Route("POST", "/api/v1/analytics/suspects/{id}/verdict", Role.INVESTIGATOR, true, this::verdict),
                new Route("GET", "/api/v1/places", Role.VIEWER, false, r -> ApiResponse.json(Map.of("places", placesJson()))),
                new Route("PUT", "/api/v1/places/{id}", Role.INVESTIGATOR, true, this::putPlace),
                new Route("DELETE", "/api/v1/places/{id}", Role.INVESTIGATOR, true, r -> {
                    if (!platform.deletePlace(r.pathParam("id"))) throw ApiException.notFound("no position set for device " + r.pathParam("id"));
                    return ApiResponse.json(Map.of("deleted", r.pathParam("id")));
                }),
                new Route("POST", "/api/v1/places/import", Role.INVESTIGATOR, true, this::importPlaces));
    }

    private interface Question {
        Result run() throws Exception;
    }

    /** A tactic's answer as JSON results (each with its evidence passes under "Passes") and the numbers of the answer. */
    private record Result(Answer<?> answer, ArrayNode results) {}

    private ApiResponse ask(ApiRequest r, String tactic, Set<String> own, Question q) throws Exception {
        for (String name : r.query().keySet()) {
            if (!COMMON.contains(name) && !own.contains(name)) {
                throw ApiException.badRequest(name + ": not a parameter of " + tactic + " (it takes " + String.join(", ", new java.util.TreeSet<>(union(own))) + ")");
            }
        }
        Result res;
        try {
            res = q.run();
        } catch (TooBroadException e) {
            audit.record(r, "analytics-" + tactic, r.query().toString() + " (too broad)", 0);
            throw new ApiException(422, e.getMessage());
        }
        Answer<?> a = res.answer();
        audit.record(r, "analytics-" + tactic, r.query().toString(), a.results().size());
        if ("csv".equals(r.param("format"))) {
            return ApiResponse.bytes("text/csv; charset=utf-8", csv(res.results()).getBytes(StandardCharsets.UTF_8))
                    .header("Content-Disposition", "attachment; filename=\"" + tactic + ".csv\"");
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("tactic", tactic);
        n.set("results", res.results());
        n.put("count", a.results().size());
        n.put("truncated", a.truncated());
        n.put("passesRead", a.passesRead());
        n.put("excludedUnreadable", a.excluded());
        n.put("passesWithoutColumns", a.uncolumned());
        n.put("elapsedMs", a.elapsedMs());
        return ApiResponse.json(n);
    }

    private static Set<String> union(Set<String> own) {
        Set<String> all = new LinkedHashSet<>(COMMON);
        all.addAll(own);
        return all;
    }

    private Investigations inv() { return platform.investigations(); }

    private Scope scope(ApiRequest r) {
        Long from = time(r, "from"), to = time(r, "to");
        if (from == null) throw ApiException.badRequest("from: required (yyyy-MM-ddTHH:mm:ss)");
        if (to == null) throw ApiException.badRequest("to: required (yyyy-MM-ddTHH:mm:ss)");
        if (to <= from) throw ApiException.badRequest("to: the time range ends before it starts");
        return new Scope(from, to, devices(r), r.param("plate") == null ? null : field("plate", () -> new PlatePattern(r.param("plate"))),
                color(r, "plateColor"), color(r, "vehicleColor"),
                r.param("vehicleClass") == null ? null : field("vehicleClass", () -> VehicleClass.parse(r.param("vehicleClass"))));
    }

    private Long time(ApiRequest r, String name) {
        String v = r.param(name);
        return v == null ? null : field(name, () -> GaTime.parse(v, zone));
    }

    private static ColorCode color(ApiRequest r, String name) {
        return r.param(name) == null ? null : field(name, () -> ColorCode.parse(r.param(name)));
    }

    private static Set<String> devices(ApiRequest r) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : r.params("device")) for (String one : d.split(",")) if (!one.isBlank()) out.add(one.trim());
        return out;
    }

    private static <T> T field(String name, java.util.concurrent.Callable<T> parse) {
        try {
            return parse.call();
        } catch (Exception e) {
            throw ApiException.badRequest(name + ": " + e.getMessage());
        }
    }

    private static int limit(ApiRequest r) { return r.intParam("limit", 100, 1, Investigations.MAX_LIMIT); }

    private ObjectNode pass(MotorVehicle v) {
        ObjectNode n = RecordJson.of(v, zone);
        Place p = platform.places().of(v.deviceId());
        if (p != null) {
            n.put("PlaceName", p.name());
            n.put("Longitude", p.longitude());
            n.put("Latitude", p.latitude());
        }
        return n;
    }

    private ArrayNode passes(List<MotorVehicle> vs) {
        ArrayNode a = JSON.createArrayNode();
        for (MotorVehicle v : vs) a.add(pass(v));
        return a;
    }

    private Result trajectory(ApiRequest r) throws Exception {
        Scope s = scope(r);
        if (s.plate() == null) throw ApiException.badRequest("plate: a trajectory needs a plate or a plate pattern");
        Answer<Trajectory.Step> a = inv().trajectory(s, r.intParam("limit", 1000, 1, Investigations.MAX_LIMIT));
        ArrayNode out = JSON.createArrayNode();
        for (Trajectory.Step st : a.results()) {
            ObjectNode n = pass(st.pass());
            if (st.sincePreviousMs() >= 0) n.put("SincePreviousS", st.sincePreviousMs() / 1000);
            out.add(n);
        }
        return new Result(a, out);
    }

    private Result companions(ApiRequest r) throws Exception {
        Scope s = scope(r);
        String plate = r.param("plate");
        if (plate == null) throw ApiException.badRequest("plate: companions need the target plate");
        Answer<CompanionFinder.Companion> a = inv().companions(s.withPlate(null), plate, r.intParam("windowS", 60, 1, 3600), r.intParam("minTimes", 3, 1, 1000),
                r.intParam("minDevices", 2, 1, 1000), limit(r));
        ArrayNode out = JSON.createArrayNode();
        for (CompanionFinder.Companion c : a.results()) {
            ObjectNode n = JSON.createObjectNode();
            n.put("PlateNo", c.plate());
            n.put("Times", c.times());
            n.put("Devices", c.devices());
            ArrayNode shared = n.putArray("Passes");
            for (CompanionFinder.Shared sh : c.shared()) {
                ObjectNode x = pass(sh.companion());
                x.put("TargetMotorVehicleID", sh.target().id());
                x.put("TargetPassTime", GaTime.format(sh.target().passTime(), zone));
                x.put("GapS", Math.abs(sh.companion().passTime() - sh.target().passTime()) / 1000);
                shared.add(x);
            }
            out.add(n);
        }
        return new Result(a, out);
    }

    private Result clones(ApiRequest r) throws Exception {
        String rule = r.param("rule") == null ? "all" : r.param("rule");
        if (!rule.equals("all") && !rule.equals("attributes")) throw ApiException.badRequest("rule: all or attributes, was '" + rule + "'");
        Answer<CloneScan.Suspect> a = inv().clones(scope(r), rule.equals("all"), limit(r));
        ArrayNode out = JSON.createArrayNode();
        for (CloneScan.Suspect s : a.results()) {
            ObjectNode n = JSON.createObjectNode();
            n.put("PlateNo", s.plate());
            n.put("Rule", s.rule().name());
            n.put("Reason", s.reason());
            n.put("Breaches", s.breaches());
            n.put("PairKey", s.pairKey());
            n.set("Passes", passes(List.of(s.first(), s.second())));
            out.add(n);
        }
        return new Result(a, out);
    }

    private Result collision(ApiRequest r) throws Exception {
        List<AreaCollision.Window> windows = new ArrayList<>();
        for (String w : r.params("window")) windows.add(window(w, false, windows.size() + 1));
        for (String w : r.params("exclude")) windows.add(window(w, true, windows.size() + 1));
        if (windows.size() < 2 || windows.size() > 8) throw ApiException.badRequest("window: 2 to 8 windows (window=DEVICES@FROM/TO, exclude=…), got " + windows.size());
        int min = r.intParam("minWindows", (int) windows.stream().filter(w -> !w.exclude()).count(), 1, 8);
        Scope filters = new Scope(0, 1, Set.of(), r.param("plate") == null ? null : field("plate", () -> new PlatePattern(r.param("plate"))),
                color(r, "plateColor"), color(r, "vehicleColor"), r.param("vehicleClass") == null ? null : field("vehicleClass", () -> VehicleClass.parse(r.param("vehicleClass"))));
        Answer<AreaCollision.Hit> a = inv().collision(windows, min, filters, limit(r));
        ArrayNode out = JSON.createArrayNode();
        for (AreaCollision.Hit h : a.results()) {
            ObjectNode n = JSON.createObjectNode();
            n.put("PlateNo", h.plate());
            n.put("Windows", h.windowsHit());
            ArrayNode all = n.putArray("Passes");
            for (int i = 0; i < h.windows().size(); i++) {
                for (MotorVehicle v : h.windows().get(i)) all.add(pass(v).put("Window", i + 1));
            }
            out.add(n);
        }
        return new Result(a, out);
    }

    /** DEVICES@FROM/TO, devices comma-separated, times yyyy-MM-ddTHH:mm:ss. */
    AreaCollision.Window window(String spec, boolean exclude, int number) {
        String field = "window " + number;
        int at = spec.lastIndexOf('@');
        if (at <= 0) throw ApiException.badRequest(field + ": '" + spec + "' is not DEVICES@FROM/TO");
        String[] range = spec.substring(at + 1).split("/");
        if (range.length != 2) throw ApiException.badRequest(field + ": '" + spec.substring(at + 1) + "' is not FROM/TO");
        Set<String> devices = new LinkedHashSet<>();
        for (String d : spec.substring(0, at).split(",")) if (!d.isBlank()) devices.add(d.trim());
        if (devices.isEmpty()) throw ApiException.badRequest(field + ": no devices");
        long from = field(field, () -> GaTime.parse(range[0], zone)), to = field(field, () -> GaTime.parse(range[1], zone));
        if (to <= from) throw ApiException.badRequest(field + ": the time range ends before it starts");
        return new AreaCollision.Window(devices, from, to, exclude);
    }

    private Answer<PlateTally> firstSeen(ApiRequest r) throws Exception {
        String anywhere = r.param("anywhere") == null ? "true" : r.param("anywhere");
        if (!anywhere.equals("true") && !anywhere.equals("false")) throw ApiException.badRequest("anywhere: true or false");
        return inv().firstSeen(scope(r), r.intParam("lookbackDays", 7, 1, 366), anywhere.equals("true"), limit(r));
    }

    private Answer<PlateTally> night(ApiRequest r) throws Exception {
        int[] night = hours(r, "night", "22:00-05:00"), day = hours(r, "day", "07:00-19:00");
        NightOnly.Hours h = field("night", () -> new NightOnly.Hours(night[0], night[1], day[0], day[1]));
        return inv().nightOnly(scope(r), h, r.intParam("minNights", 3, 1, 62), r.intParam("maxDayPasses", 0, 0, 100_000), limit(r));
    }

    private static int[] hours(ApiRequest r, String name, String fallback) {
        String v = r.param(name) == null ? fallback : r.param(name);
        var m = java.util.regex.Pattern.compile("(\\d{1,2}):(\\d{2})-(\\d{1,2}):(\\d{2})").matcher(v.trim());
        if (!m.matches()) throw ApiException.badRequest(name + ": '" + v + "' is not HH:MM-HH:MM");
        int a = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)), b = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
        if (a > 1440 || b > 1440 || Integer.parseInt(m.group(2)) > 59 || Integer.parseInt(m.group(4)) > 59) throw ApiException.badRequest(name + ": '" + v + "' is not a time of day");
        return new int[] {a, b};
    }

    private Answer<PlateTally> frequent(ApiRequest r) throws Exception {
        return inv().frequent(scope(r), r.intParam("minPasses", 10, 2, 100_000), limit(r));
    }

    private Result tallies(ApiRequest r, Answer<PlateTally> a) {
        ArrayNode out = JSON.createArrayNode();
        for (PlateTally t : a.results()) {
            ObjectNode n = JSON.createObjectNode();
            n.put("PlateNo", t.plate());
            n.put("Count", t.count());
            if (t.nights() > 0) n.put("Nights", t.nights());
            if (r.path().endsWith("/night")) n.put("DayPasses", t.dayPasses());
            n.set("Passes", passes(t.passes()));
            out.add(n);
        }
        return new Result(a, out);
    }

    private Result stays(ApiRequest r) throws Exception {
        Scope s = scope(r);
        double hours = r.param("minHours") == null ? 8 : field("minHours", () -> Double.parseDouble(r.param("minHours")));
        Answer<StayPoints.StayPoint> a = inv().stays(s, hours, limit(r));
        ArrayNode out = JSON.createArrayNode();
        for (StayPoints.StayPoint p : a.results()) {
            ObjectNode n = JSON.createObjectNode();
            n.put("DeviceID", p.deviceId());
            if (p.place() != null) n.put("PlaceName", p.place().name());
            n.put("Stays", p.stays());
            n.put("TotalHours", p.totalHours());
            ArrayNode ev = n.putArray("Passes");
            for (StayPoints.Stay st : p.evidence().subList(0, Math.min(10, p.evidence().size()))) {
                ev.add(pass(st.arrived()).put("Stay", "arrived"));
                ev.add(pass(st.left()).put("Stay", "left"));
            }
            out.add(n);
        }
        return new Result(a, out);
    }

    /** One line per evidence pass: the result's own values, then the pass's (results without passes get one line). */
    static String csv(ArrayNode results) {
        List<String> head = new ArrayList<>(), passHead = new ArrayList<>();
        for (JsonNode res : results) {
            res.fieldNames().forEachRemaining(f -> { if (!f.equals("Passes") && !head.contains(f)) head.add(f); });
            if (res.has("Passes")) for (JsonNode p : res.get("Passes")) p.fieldNames().forEachRemaining(f -> { if (!passHead.contains(f) && !head.contains(f)) passHead.add(f); });
        }
        StringBuilder b = new StringBuilder();
        List<String> all = new ArrayList<>(head);
        all.addAll(passHead);
        b.append(String.join(",", all.stream().map(AnalyticsRoutes::cell).toList())).append("\r\n");
        for (JsonNode res : results) {
            List<JsonNode> rows = new ArrayList<>();
            if (res.has("Passes") && !res.get("Passes").isEmpty()) res.get("Passes").forEach(rows::add);
            else rows.add(JSON.createObjectNode());
            for (JsonNode p : rows) {
                List<String> cells = new ArrayList<>();
                for (String h : head) cells.add(cell(res.has(h) ? res.get(h).asText() : ""));
                for (String h : passHead) cells.add(cell(p.has(h) ? p.get(h).asText() : ""));
                b.append(String.join(",", cells)).append("\r\n");
            }
        }
        return b.toString();
    }

    private static String cell(String s) {
        // a leading = + - @ would run as a formula in a spreadsheet
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private ApiResponse suspects(ApiRequest r) throws Exception {
        String verdict = r.param("verdict");
        if (verdict != null && !Set.of("all", "confirmed", "dismissed").contains(verdict)) throw ApiException.badRequest("verdict: all, confirmed or dismissed");
        ArrayNode out = JSON.createArrayNode();
        for (var s : platform.suspects().list(verdict, r.intParam("limit", 100, 1, 1000))) {
            ObjectNode n = out.addObject();
            n.put("id", s.id());
            n.put("PlateNo", s.plate());
            n.put("Rule", s.rule());
            n.put("Reason", s.reason());
            n.put("PairKey", s.pairKey());
            n.put("FirstMotorVehicleID", s.firstRecord());
            n.put("SecondMotorVehicleID", s.secondRecord());
            n.put("Detected", GaTime.format(s.detected(), zone));
            if (s.verdict() != null) n.put("Verdict", s.verdict()).put("VerdictBy", s.verdictBy()).put("VerdictAt", GaTime.format(s.verdictAt(), zone));
        }
        return ApiResponse.json(Map.of("suspects", out));
    }

    private ApiResponse verdict(ApiRequest r) throws Exception {
        JsonNode body = r.jsonObject("{\"verdict\": \"confirmed\" | \"dismissed\"}");
        String verdict = body.path("verdict").asText("");
        String id = r.pathParam("id");
        boolean found = field("verdict", () -> platform.decide(id, verdict, r.caller() == null ? "?" : r.caller().name()));
        if (!found) throw ApiException.notFound("no suspect " + id);
        audit.record(r, "clone-verdict", id, verdict, 1);
        return ApiResponse.json(Map.of("id", id, "verdict", verdict));
    }

    private List<Map<String, Object>> placesJson() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        java.util.Map<String, String> sources = new java.util.HashMap<>();
        for (PlaceTable.PlaceRow p : platform.placeRows()) sources.put(p.deviceId(), p.source());
        for (Place p : platform.places().all().stream().sorted(java.util.Comparator.comparing(Place::deviceId)).toList()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("DeviceID", p.deviceId());
            m.put("Name", p.name());
            m.put("Longitude", p.longitude());
            m.put("Latitude", p.latitude());
            m.put("Source", sources.getOrDefault(p.deviceId(), "gat1400"));
            out.add(m);
        }
        return out;
    }

    private ApiResponse putPlace(ApiRequest r) throws Exception {
        JsonNode b = r.jsonObject("{\"name\": \"…\", \"longitude\": 117.2, \"latitude\": 31.8}");
        if (!b.path("longitude").isNumber()) throw ApiException.badRequest("longitude: a number of degrees is required");
        if (!b.path("latitude").isNumber()) throw ApiException.badRequest("latitude: a number of degrees is required");
        String name = b.path("name").isTextual() ? b.get("name").asText() : null;
        if (name != null && name.length() > 200) throw ApiException.badRequest("name: at most 200 characters");
        String id = r.pathParam("id");
        if (id.length() > 64) throw ApiException.badRequest("id: at most 64 characters");
        Place p = field("place", () -> new Place(id, name, b.get("longitude").asDouble(), b.get("latitude").asDouble()));
        platform.savePlaces(List.of(p), PlaceTable.MANUAL);
        return ApiResponse.json(Map.of("DeviceID", id, "Longitude", p.longitude(), "Latitude", p.latitude()));
    }

    private ApiResponse importPlaces(ApiRequest r) throws Exception {
        List<Place> places = PlacesCsv.parse(new String(r.body(), StandardCharsets.UTF_8));
        int n = platform.savePlaces(places, PlaceTable.MANUAL);
        return ApiResponse.json(Map.of("imported", n));
    }
}
