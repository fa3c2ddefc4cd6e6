package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One consistent view of the indices behind the alias for walks longer than a search page
 * (maintenance scans, analytics): pages follow one another with search_after in (time, id) order,
 * and writes made meanwhile are not seen. Closed, it frees the cluster's resources at once.
 */
final class PointInTime implements AutoCloseable {
    private static final String KEEP_ALIVE = "5m";
    private final OpenSearchHttp http;
    private final ObjectMapper json;
    private final String id;

    private PointInTime(OpenSearchHttp http, ObjectMapper json, String id) {
        this.http = http;
        this.json = json;
        this.id = id;
    }

    static PointInTime open(OpenSearchHttp http, ObjectMapper json, String alias) throws IOException {
        OpenSearchHttp.Answer a = http.send("POST", "/" + alias + "/_search/point_in_time", Map.of("keep_alive", KEEP_ALIVE), null);
        if (a.status() == 404) return new PointInTime(http, json, null); // no index yet: an empty view
        if (!a.ok()) throw OpenSearchFailure.of("open a point in time", a);
        return new PointInTime(http, json, a.body().path("pit_id").asText());
    }

    interface HitVisitor {
        void hit(JsonNode hit) throws IOException;
    }

    /**
     * Hands every hit of the query to the visitor, page by page.
     *
     * @param shape adds to each request what it returns (e.g. no _source, doc-value fields), or null for the whole _source
     */
    void walk(ObjectNode query, Consumer<ObjectNode> shape, int pageSize, HitVisitor visitor) throws IOException {
        if (id == null) return;
        JsonNode after = null;
        while (true) {
            ObjectNode body = json.createObjectNode();
            body.put("size", pageSize).put("track_total_hits", false);
            body.set("query", query);
            body.putObject("pit").put("id", id).put("keep_alive", KEEP_ALIVE);
            ArrayNode sort = body.putArray("sort");
            sort.addObject().put(RecordDocument.TIME, "asc");
            sort.addObject().put(RecordDocument.ID, "asc");
            if (after != null) body.set("search_after", after);
            if (shape != null) shape.accept(body);
            JsonNode hits = http.ok("POST", "/_search", null, body).path("hits").path("hits");
            for (JsonNode h : hits) visitor.hit(h);
            if (hits.size() < pageSize) return;
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    boolean empty() { return id == null; }

    String id() { return id; }

    @Override
    public void close() {
        if (id == null) return;
        try {
            ObjectNode body = json.createObjectNode();
            body.putArray("pit_id").add(id);
            http.send("DELETE", "/_search/point_in_time", null, body);
        } catch (IOException e) {
            // it expires by itself after its keep-alive
        }
    }
}
