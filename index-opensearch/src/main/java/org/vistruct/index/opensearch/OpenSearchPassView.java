package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.RecordType;
import org.vistruct.index.PassView;
import org.vistruct.index.RecordQuery;

/**
 * Vehicle passes on the cluster as columns: one point in time for the whole view, scans reading only
 * doc values (plate, device, attributes; the time from the sort value) page by page, plates and
 * devices numbered in the order met. Asked how many plates there are, it numbers every plate of the
 * view first with a composite aggregation, so that ids stay below the count whatever is scanned next.
 */
final class OpenSearchPassView implements PassView {
    private static final int PAGE = 10_000;
    private final OpenSearchHttp http;
    private final ObjectMapper json;
    private final QueryDsl dsl;
    private final RecordDocument documents;
    private final PointInTime pit;
    private final Dictionary plates = new Dictionary(), devices = new Dictionary();
    private final List<String> refIndex = new ArrayList<>(), refId = new ArrayList<>();
    private final Map<String, String> indexNames = new HashMap<>();

    OpenSearchPassView(OpenSearchHttp http, ObjectMapper json, String alias, QueryDsl dsl, RecordDocument documents) throws IOException {
        this.http = http;
        this.json = json;
        this.dsl = dsl;
        this.documents = documents;
        this.pit = PointInTime.open(http, json, alias);
    }

    /** Names numbered 0, 1, 2, ... in the order first met. */
    private static final class Dictionary {
        final Map<String, Integer> ids = new HashMap<>();
        final List<String> names = new ArrayList<>();
        boolean complete;

        int id(String name) {
            Integer id = ids.get(name);
            if (id == null) {
                id = names.size();
                ids.put(name, id);
                names.add(name);
            }
            return id;
        }
    }

    private ObjectNode passes(RecordQuery filter) {
        ObjectNode q = dsl.of(filter.withTypes(Set.of(RecordType.MotorVehicle)));
        ObjectNode exists = json.createObjectNode();
        exists.putObject("exists").put("field", RecordDocument.ATTRIBUTES);
        ((ArrayNode) q.path("bool").path("filter")).add(exists);
        return q;
    }

    @Override
    public long scan(RecordQuery filter, Visitor visitor) throws IOException {
        long[] n = {0};
        pit.walk(passes(filter), body -> {
            body.put("_source", false);
            ArrayNode fields = body.putArray("docvalue_fields");
            fields.add(RecordDocument.PLATE).add(RecordDocument.DEVICE).add(RecordDocument.ATTRIBUTES);
        }, PAGE, hit -> {
            JsonNode f = hit.path("fields");
            String plate = f.path(RecordDocument.PLATE).path(0).asText(), device = f.path(RecordDocument.DEVICE).path(0).asText();
            long time = hit.path("sort").path(0).asLong(), attributes = f.path(RecordDocument.ATTRIBUTES).path(0).asLong();
            long ref = refId.size();
            refIndex.add(indexNames.computeIfAbsent(hit.path("_index").asText(), k -> k));
            refId.add(hit.path("_id").asText());
            visitor.pass(plates.id(plate), devices.id(device), time, attributes, ref);
            n[0]++;
        });
        return n[0];
    }

    @Override
    public long uncolumned(Long from, Long to) throws IOException {
        if (pit.empty()) return 0;
        ObjectNode q = dsl.of(new RecordQuery(null, null, null, null, null, from, to, 1, Set.of(RecordType.MotorVehicle)));
        ObjectNode exists = json.createObjectNode();
        exists.putObject("exists").put("field", RecordDocument.ATTRIBUTES);
        ((ObjectNode) q.path("bool")).putArray("must_not").add(exists);
        ObjectNode body = json.createObjectNode();
        body.put("size", 0).put("track_total_hits", true);
        body.set("query", q);
        body.putObject("pit").put("id", pit.id());
        return http.ok("POST", "/_search", null, body).path("hits").path("total").path("value").asLong();
    }

    @Override
    public List<MotorVehicle> records(long[] refs) throws IOException {
        MotorVehicle[] out = new MotorVehicle[refs.length];
        for (int start = 0; start < refs.length; start += 1000) {
            int end = Math.min(refs.length, start + 1000);
            ObjectNode body = json.createObjectNode();
            ArrayNode docs = body.putArray("docs");
            for (int i = start; i < end; i++) docs.addObject().put("_index", refIndex.get((int) refs[i])).put("_id", refId.get((int) refs[i]));
            JsonNode got = http.ok("POST", "/_mget", null, body).path("docs");
            for (int i = start; i < end; i++) {
                JsonNode d = got.path(i - start);
                if (!d.path("found").asBoolean()) throw new IOException("pass " + refId.get((int) refs[i]) + " is gone from the cluster since it was scanned");
                out[i] = (MotorVehicle) documents.toRecord(d.path("_source"));
            }
        }
        return Arrays.asList(out);
    }

    @Override
    public String plate(int id) { return plates.names.get(id); }

    @Override
    public int plateId(String plate) {
        Integer id = plates.ids.get(plate);
        return id == null ? -1 : id;
    }

    @Override
    public String device(int id) { return devices.names.get(id); }

    @Override
    public int deviceId(String device) {
        Integer id = devices.ids.get(device);
        return id == null ? -1 : id;
    }

    @Override
    public int plateIds() throws IOException {
        number(plates, RecordDocument.PLATE);
        return plates.names.size();
    }

    @Override
    public int deviceIds() throws IOException {
        number(devices, RecordDocument.DEVICE);
        return devices.names.size();
    }

    /** Numbers every value of the field among the view's passes (a composite aggregation, page by page). */
    private void number(Dictionary d, String field) throws IOException {
        if (d.complete || pit.empty()) return;
        JsonNode after = null;
        while (true) {
            ObjectNode body = json.createObjectNode();
            body.put("size", 0).put("track_total_hits", false);
            body.set("query", passes(new RecordQuery(null, null, null, null, null, null, null, 1)));
            body.putObject("pit").put("id", pit.id());
            ObjectNode composite = body.putObject("aggs").putObject("values").putObject("composite");
            composite.put("size", PAGE);
            composite.putArray("sources").addObject().putObject("v").putObject("terms").put("field", field);
            if (after != null) composite.set("after", after);
            JsonNode agg = http.ok("POST", "/_search", null, body).path("aggregations").path("values");
            for (JsonNode b : agg.path("buckets")) d.id(b.path("key").path("v").asText());
            after = agg.path("after_key");
            if (after.isMissingNode() || agg.path("buckets").size() < PAGE) break;
        }
        d.complete = true;
    }

    @Override
    public void close() { pit.close(); }
}
