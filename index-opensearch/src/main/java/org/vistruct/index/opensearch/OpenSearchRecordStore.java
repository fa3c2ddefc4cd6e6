package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.vistruct.core.Face;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.FaceHit;
import org.vistruct.index.FaceQuery;
import org.vistruct.index.PassView;
import org.vistruct.index.RecordQuery;
import org.vistruct.index.RecordScan;
import org.vistruct.index.RecordStore;
import org.vistruct.index.StoreUnavailableException;

/**
 * Records on an OpenSearch cluster. One index per month ({@code PREFIX-yyyy.MM}, made by an index
 * template on the first write into it) behind the alias {@code PREFIX}, which every search reads; a
 * record's month comes from its id ({@link Partitions}), so reads and writes by id go straight to
 * its index. Writes go through one {@link BulkWriter}; with {@code refresh=true} a write returns
 * once the primary and its replicas hold it (translog fsynced) and it is searchable, which is when
 * the write path may acknowledge it.
 */
public final class OpenSearchRecordStore implements RecordStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OpenSearchRecordStore.class);
    /** Candidates the graph search looks at, at least (as the embedded index does): recall stays high for small limits. */
    private static final int MIN_KNN_CANDIDATES = 1000;
    private static final int SCAN_PAGE = 1000;
    private static final int COUNT_EXACTLY_UP_TO = 10_000;
    /** Searches over the alias answer "nothing" before the first record made the first index. */
    static final Map<String, String> ALIAS_READ = Map.of("ignore_unavailable", "true", "allow_no_indices", "true");

    private final OpenSearchSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final OpenSearchHttp http;
    private final RecordDocument documents = new RecordDocument(json);
    private final QueryDsl dsl = new QueryDsl(json);
    private final Partitions partitions;
    private final BulkWriter bulk;
    private volatile FeedClock clock;
    private volatile boolean healthy;
    private volatile String lastFailure = "not connected yet";

    public OpenSearchRecordStore(OpenSearchSettings settings) {
        this.settings = settings;
        this.http = new OpenSearchHttp(settings.urls(), settings.timeoutMs(), json);
        this.partitions = new Partitions(settings.prefix());
        this.bulk = new BulkWriter(http, json, settings);
        try {
            recover();
        } catch (IOException e) {
            // the cluster may come later: writes fail (and are spooled by the write path) until recover() succeeds
            log.warn("OpenSearch at {} not ready: {}; writes wait for it", settings.urls(), e.getMessage());
        }
    }

    /** Makes sure the index template exists and the feed continues after what the cluster holds. */
    @Override
    public synchronized void recover() throws IOException {
        try {
            http.ok("PUT", "/_index_template/" + settings.prefix(), null, template());
            if (clock == null) clock = new FeedClock(newestFeedPosition());
            healthy = true;
        } catch (IOException e) {
            healthy = false;
            lastFailure = e.getMessage();
            throw e;
        }
    }

    private ObjectNode template() {
        ObjectNode t = json.createObjectNode();
        t.putArray("index_patterns").add(partitions.pattern());
        ObjectNode body = t.putObject("template");
        ObjectNode s = body.putObject("settings");
        s.put("number_of_shards", settings.shards()).put("number_of_replicas", settings.replicas()).put("knn", true)
                .put("refresh_interval", settings.refreshIntervalMs() + "ms")
                .put("max_result_window", 110_000); // pages reach offset 100,000, as on the embedded index
        body.set("mappings", documents.mappings(settings.faceDimension()));
        body.putObject("aliases").putObject(partitions.alias());
        return t;
    }

    private long newestFeedPosition() throws IOException {
        ObjectNode q = json.createObjectNode();
        q.put("size", 0);
        q.putObject("aggs").putObject("newest").putObject("max").put("field", RecordDocument.FEED);
        JsonNode r = http.ok("POST", "/" + partitions.alias() + "/_search", ALIAS_READ, q);
        JsonNode v = r.path("aggregations").path("newest").path("value");
        return v.isNumber() ? v.asLong() : 0;
    }

    // ---- writes

    @Override
    public void add(StructuredRecord record, int version) throws IOException {
        write(record, version, version >= FINAL ? -1 : 0);
    }

    /** @param feed the position to keep (rewrites), 0 for none, -1 for a new one */
    private void write(StructuredRecord record, int version, long feed) throws IOException {
        checkFeature(record);
        FeedClock c = readyClock();
        long position = feed < 0 ? c.issue() : feed;
        try {
            bulk.index(partitions.indexOf(record.id(), record.time()), record.id(), documents.of(record, version, position));
            healthy = true;
        } catch (OpenSearchFailure e) {
            if (e.status() < 500) throw e; // the cluster answered: it is there, the record was refused
            throw unavailable(e);
        } catch (IOException e) {
            throw unavailable(e);
        } finally {
            if (feed < 0) c.done(position);
        }
    }

    private StoreUnavailableException unavailable(IOException e) {
        healthy = false;
        lastFailure = e.getMessage();
        return new StoreUnavailableException("OpenSearch cannot take writes now: " + e.getMessage(), e);
    }

    private void checkFeature(StructuredRecord r) {
        if (r instanceof Face f && f.feature() != null && f.feature().length != settings.faceDimension()) {
            throw new IllegalArgumentException("face " + f.faceId() + " has a feature of " + f.feature().length + " values; the cluster's indices hold "
                    + settings.faceDimension() + " (opensearch.face-dimension)");
        }
    }

    private FeedClock readyClock() throws IOException {
        FeedClock c = clock;
        if (c == null) {
            try {
                recover();
            } catch (IOException e) {
                throw unavailable(e);
            }
            c = clock;
        }
        return c;
    }

    /**
     * Loads records in bulk (a migration from the embedded index, a benchmark): the monthly indices
     * written go without replicas and periodic refresh until the load is done, then get them back
     * and are refreshed and waited for (green). Records are not acknowledged one by one and are not
     * put in the feed; live writes go through {@link #add}.
     *
     * @param bulkSize   records in one bulk request (thousands)
     * @param concurrent bulk requests in flight at once
     */
    public BulkLoad load(java.util.Iterator<? extends StructuredRecord> records, int bulkSize, int concurrent) throws IOException {
        readyClock();
        var r = new BulkLoader(http, json, documents, partitions, settings).load(records, bulkSize, concurrent);
        return new BulkLoad(r.records(), r.loadSeconds(), r.replicaSeconds(), List.copyOf(r.indices()));
    }

    /** What {@link #load} did: records written, seconds writing, seconds until the replicas were green, the monthly indices written. */
    public record BulkLoad(long records, double loadSeconds, double replicaSeconds, List<String> indices) {}

    @Override
    public boolean addIfNewer(StructuredRecord record, int version) throws IOException {
        Integer existing = versionOf(record.id());
        if (existing != null && existing > version) return false;
        add(record, version);
        return true;
    }

    @Override
    public void rewrite(StructuredRecord record) throws IOException {
        JsonNode held = source(record.id(), RecordDocument.VERSION + "," + RecordDocument.FEED);
        int version = held == null ? FINAL : held.path(RecordDocument.VERSION).asInt(FINAL);
        long feed = held == null ? 0 : held.path(RecordDocument.FEED).asLong(0);
        write(record, version, feed);
    }

    @Override
    public void delete(String id) throws IOException {
        deleteAll(List.of(id));
    }

    @Override
    public void deleteAll(Collection<String> ids) throws IOException {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        for (String id : ids) {
            String index = partitions.indexOfId(id);
            if (index == null) unplaced.add(id);
            else pending.add(bulk.submit(new BulkWriter.Op(index, id, null, new CompletableFuture<>())));
        }
        // ids that do not name their month: found by a search first
        for (int i = 0; i < unplaced.size(); i += SCAN_PAGE) {
            List<String> part = unplaced.subList(i, Math.min(unplaced.size(), i + SCAN_PAGE));
            ObjectNode q = json.createObjectNode();
            q.put("size", part.size()).put("_source", false);
            q.set("query", dsl.terms(RecordDocument.ID, part));
            for (JsonNode hit : http.ok("POST", "/" + partitions.alias() + "/_search", ALIAS_READ, q).path("hits").path("hits")) {
                pending.add(bulk.submit(new BulkWriter.Op(hit.path("_index").asText(), hit.path("_id").asText(), null, new CompletableFuture<>())));
            }
        }
        for (CompletableFuture<Void> f : pending) bulk.await(f);
    }

    // ---- reads by id

    @Override
    public Integer versionOf(String id) throws IOException {
        JsonNode held = source(id, RecordDocument.VERSION);
        return held == null ? null : held.path(RecordDocument.VERSION).asInt(0);
    }

    @Override
    public Integer versionInView(String id) throws IOException {
        return versionOf(id); // a get by id is real time on OpenSearch: nothing older to prefer
    }

    @Override
    public StructuredRecord get(String id) throws IOException {
        JsonNode s = source(id, null);
        return s == null ? null : documents.toRecord(s);
    }

    /** The record's _source (or the listed fields of it), or null when there is none. */
    private JsonNode source(String id, String fields) throws IOException {
        String index = partitions.indexOfId(id);
        if (index != null) {
            OpenSearchHttp.Answer a = http.send("GET", "/" + index + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"),
                    fields == null ? Map.of() : Map.of("_source_includes", fields), null);
            if (a.status() == 404) return null;
            if (!a.ok()) throw OpenSearchFailure.of("get " + id, a);
            return a.body().path("found").asBoolean() ? a.body().path("_source") : null;
        }
        ObjectNode q = json.createObjectNode();
        q.put("size", 1);
        q.set("query", dsl.term(RecordDocument.ID, id));
        JsonNode hits = http.ok("POST", "/" + partitions.alias() + "/_search", ALIAS_READ, q).path("hits").path("hits");
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    // ---- searches

    @Override
    public long count() throws IOException {
        return http.ok("POST", "/" + partitions.alias() + "/_count", ALIAS_READ, null).path("count").asLong();
    }

    @Override
    public List<StructuredRecord> search(RecordQuery q) throws IOException {
        return hits(q, 0, false, false).records(); // no total: the hits alone, as the embedded index answers it
    }

    @Override
    public Page page(RecordQuery q, int offset, boolean oldestFirst) throws IOException {
        if (offset < 0 || offset > 100_000) throw new IllegalArgumentException("offset must be 0-100000, was " + offset);
        return hits(q, offset, oldestFirst, true);
    }

    private Page hits(RecordQuery q, int offset, boolean oldestFirst, boolean total) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.set("query", dsl.of(q));
        body.put("from", offset).put("size", q.limit());
        if (total) body.put("track_total_hits", COUNT_EXACTLY_UP_TO);
        else body.put("track_total_hits", false);
        sortByTime(body, oldestFirst);
        JsonNode hits = http.ok("POST", "/" + partitions.alias() + "/_search", ALIAS_READ, body).path("hits");
        List<StructuredRecord> out = new ArrayList<>();
        for (JsonNode h : hits.path("hits")) out.add(documents.toRecord(h.path("_source")));
        JsonNode count = hits.path("total");
        return new Page(count.path("value").asLong(), "eq".equals(count.path("relation").asText("eq")), out);
    }

    private void sortByTime(ObjectNode body, boolean oldestFirst) {
        ArrayNode sort = body.putArray("sort");
        sort.addObject().put(RecordDocument.TIME, oldestFirst ? "asc" : "desc");
        sort.addObject().put(RecordDocument.ID, "asc"); // a fixed order among records of the same millisecond
    }

    @Override
    public List<FaceHit> searchFaces(FaceQuery q) throws IOException {
        if (q.feature().length != settings.faceDimension()) {
            throw new IllegalArgumentException("the face feature has " + q.feature().length + " values; faces here have " + settings.faceDimension());
        }
        ObjectNode filterQuery = json.createObjectNode();
        ArrayNode filter = dsl.bool(filterQuery).putArray("filter");
        filter.add(dsl.term(RecordDocument.TYPE, RecordType.Face.name()));
        dsl.deviceAndTime(filter, q.deviceIds(), q.from(), q.to());
        int k = Math.max(q.limit(), MIN_KNN_CANDIDATES);
        ObjectNode body = json.createObjectNode();
        body.put("size", q.limit());
        ObjectNode knn = body.putObject("query").putObject("knn").putObject(RecordDocument.FEATURE);
        ArrayNode vector = knn.putArray("vector");
        for (float x : q.feature()) vector.add(x);
        knn.put("k", k);
        knn.set("filter", filterQuery); // inside the graph search: the top k of the faces that pass, not a top k cut down afterwards
        JsonNode hits = http.ok("POST", "/" + partitions.alias() + "/_search", ALIAS_READ, body).path("hits").path("hits");
        List<FaceHit> out = new ArrayList<>();
        for (JsonNode h : hits) {
            float cosine = 2 * (float) h.path("_score").asDouble() - 1; // the Lucene engine scores cosine as (1 + cos) / 2
            float similarity = Math.max(0f, Math.min(1f, cosine));
            if (similarity < q.minSimilarity() || out.size() == q.limit()) break;
            out.add(new FaceHit((Face) documents.toRecord(h.path("_source")), similarity));
        }
        return out;
    }

    @Override
    public long scan(RecordScan scan, Consumer<StructuredRecord> visitor) throws IOException { return scanIn(partitions.alias(), scan, visitor); }

    /** The monthly indices, oldest first, each with its records (counted, so that refreshed writes are all in). */
    @Override
    public List<Partition> partitions() throws IOException {
        List<String> names = new ArrayList<>();
        http.ok("GET", "/" + partitions.pattern() + "/_alias", ALIAS_READ, null).fieldNames().forEachRemaining(names::add);
        java.util.Collections.sort(names);
        List<Partition> out = new ArrayList<>();
        for (String name : names) {
            if (partitions.isMonthly(name)) out.add(new Partition(name, partitions.startOf(name), partitions.endOf(name), count(RecordScan.all(), name)));
        }
        return out;
    }

    @Override
    public long count(RecordScan scan, String partition) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.set("query", dsl.of(scan));
        return http.ok("POST", "/" + monthly(partition) + "/_count", null, body).path("count").asLong();
    }

    @Override
    public long scan(RecordScan scan, String partition, Consumer<StructuredRecord> visitor) throws IOException {
        return scanIn(monthly(partition), scan, visitor);
    }

    /** Deletes a monthly index: its records are gone at once, its disk and shards freed (no deleted documents left to merge away). */
    @Override
    public void dropPartition(String partition) throws IOException {
        http.ok("DELETE", "/" + monthly(partition), null, null);
        log.info("monthly index {} dropped", partition);
    }

    /** A partition name as given back to us: one of this store's monthly indices, never a pattern or another index. */
    private String monthly(String name) {
        if (!partitions.isMonthly(name)) throw new IllegalArgumentException("not a monthly index of this store: " + name);
        return name;
    }

    private long scanIn(String target, RecordScan scan, Consumer<StructuredRecord> visitor) throws IOException {
        long[] n = {0};
        try (PointInTime pit = PointInTime.open(http, json, target)) {
            pit.walk(dsl.of(scan), null, SCAN_PAGE, hit -> {
                visitor.accept(documents.toRecord(hit.path("_source")));
                n[0]++;
            });
        }
        return n[0];
    }

    @Override
    public long count(RecordScan scan) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.set("query", dsl.of(scan));
        return http.ok("POST", "/" + partitions.alias() + "/_count", ALIAS_READ, body).path("count").asLong();
    }

    @Override
    public Long oldest(RecordScan scan) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.set("query", dsl.of(scan));
        body.put("size", 1);
        body.putArray("_source").add(RecordDocument.TIME);
        sortByTime(body, true);
        JsonNode hits = http.ok("POST", "/" + partitions.alias() + "/_search", ALIAS_READ, body).path("hits").path("hits");
        return hits.isEmpty() ? null : hits.get(0).path("_source").path(RecordDocument.TIME).asLong();
    }

    @Override
    public List<StructuredRecord> fromSource(String sourceFile, long fromOffsetMs) throws IOException {
        ObjectNode query = json.createObjectNode();
        ArrayNode filter = dsl.bool(query).putArray("filter");
        filter.add(dsl.term(RecordDocument.SOURCE, sourceFile));
        filter.add(dsl.range(RecordDocument.OFFSET, fromOffsetMs, null));
        List<StructuredRecord> out = new ArrayList<>();
        try (PointInTime pit = PointInTime.open(http, json, partitions.alias())) {
            pit.walk(query, null, SCAN_PAGE, hit -> out.add(documents.toRecord(hit.path("_source"))));
        }
        return out;
    }

    // ---- the feed

    @Override
    public long feedHead() {
        return Math.min(localFeedHead(), feedFloor.getAsLong());
    }

    /** The feed position through which every write of this process is visible (what this node publishes to the others). */
    public long localFeedHead() {
        FeedClock c = clock;
        return c == null ? 0 : c.head();
    }

    private volatile java.util.function.LongSupplier feedFloor = () -> Long.MAX_VALUE;

    /**
     * Several vistruct processes writing to one cluster: feed readers here stay at or below this floor
     * (the lowest mark the other live nodes published), so no record still in flight elsewhere is passed.
     */
    public void feedFloor(java.util.function.LongSupplier floor) { this.feedFloor = floor; }

    @Override
    public FeedPage feed(long after, RecordQuery filter, int limit) throws IOException {
        long head = feedHead();
        if (head <= after) return new FeedPage(List.of(), after);
        ObjectNode body = json.createObjectNode();
        body.set("query", feedQuery(after, head, filter));
        body.put("size", limit);
        body.putArray("sort").addObject().put(RecordDocument.FEED, "asc");
        List<FeedEntry> out = new ArrayList<>();
        for (JsonNode h : http.ok("POST", "/" + partitions.alias() + "/_search", ALIAS_READ, body).path("hits").path("hits")) {
            out.add(new FeedEntry(h.path("_source").path(RecordDocument.FEED).asLong(), documents.toRecord(h.path("_source"))));
        }
        return new FeedPage(out, out.size() == limit ? out.get(out.size() - 1).position() : head);
    }

    @Override
    public long feedCount(long after, RecordQuery filter) throws IOException {
        long head = feedHead();
        if (head <= after) return 0;
        ObjectNode body = json.createObjectNode();
        body.set("query", feedQuery(after, head, filter));
        return http.ok("POST", "/" + partitions.alias() + "/_count", ALIAS_READ, body).path("count").asLong();
    }

    private ObjectNode feedQuery(long after, long head, RecordQuery filter) {
        ObjectNode q = dsl.of(filter);
        ObjectNode range = json.createObjectNode();
        range.putObject("range").putObject(RecordDocument.FEED).put("gt", after).put("lte", head);
        ((ArrayNode) q.path("bool").path("filter")).add(range);
        return q;
    }

    // ---- analytics, maintenance

    @Override
    public PassView passes() throws IOException {
        return new OpenSearchPassView(http, json, partitions.alias(), dsl, documents);
    }

    /** Every write is in the cluster's translog when acknowledged: nothing to commit. */
    @Override
    public void commit() { }

    @Override
    public boolean healthy() { return healthy; }

    @Override
    public String failure() {
        return healthy ? null : "OpenSearch at " + settings.urls() + " takes no writes (" + lastFailure + "); records wait in the spool and are written when it is back";
    }

    /** Bulk requests answered and records written since start (for metrics). */
    public long bulksSent() { return bulk.bulks(); }

    public long recordsWritten() { return bulk.items(); }

    @Override
    public void close() throws IOException {
        bulk.close();
        http.close();
    }
}
