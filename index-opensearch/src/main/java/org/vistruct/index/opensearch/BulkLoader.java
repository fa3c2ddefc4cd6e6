package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.vistruct.core.StructuredRecord;

/**
 * Loads many records at once (moving an embedded index to a cluster, a benchmark's ten million):
 * the monthly indices written are set to no replica and no periodic refresh while large bulks go
 * in from a few concurrent requests, then given back their replicas (copied as files by peer
 * recovery, not indexed twice) and refresh interval, refreshed, and waited for until green. Nothing
 * is acknowledged record by record, and the loaded records are not in the feed (subscribers are
 * not sent history): not for live writes, which go through {@link BulkWriter}.
 */
final class BulkLoader {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BulkLoader.class);
    /** Only what tells success from failure comes back, not 5,000 items' full answers. */
    private static final long REPLICA_WAIT_NANOS = 3_600_000_000_000L;
    private static final Map<String, String> BULK = Map.of("refresh", "false", "filter_path", "errors,items.*.status,items.*.error.reason");

    /** What a load did: records written, and seconds spent writing and then replicating (to green). */
    record Result(long records, double loadSeconds, double replicaSeconds, Set<String> indices) {}

    private final OpenSearchHttp http;
    private final ObjectMapper json;
    private final RecordDocument documents;
    private final Partitions partitions;
    private final OpenSearchSettings settings;

    BulkLoader(OpenSearchHttp http, ObjectMapper json, RecordDocument documents, Partitions partitions, OpenSearchSettings settings) {
        this.http = http;
        this.json = json;
        this.documents = documents;
        this.partitions = partitions;
        this.settings = settings;
    }

    Result load(Iterator<? extends StructuredRecord> records, int bulkSize, int concurrent) throws IOException {
        if (bulkSize < 1 || concurrent < 1) throw new IllegalArgumentException("bulk size and concurrency must be at least 1");
        Set<String> indices = new LinkedHashSet<>();
        Semaphore room = new Semaphore(concurrent); // at most this many bodies built and waiting: memory stays bounded
        List<Future<?>> sent = new ArrayList<>();
        long n = 0, t0 = System.nanoTime();
        try (ExecutorService senders = Executors.newFixedThreadPool(concurrent)) {
            while (records.hasNext()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream(bulkSize * 700);
                int items = 0;
                for (; items < bulkSize && records.hasNext(); items++) {
                    StructuredRecord r = records.next();
                    String index = partitions.indexOf(r.id(), r.time());
                    if (indices.add(index)) prepare(index);
                    BulkWriter.appendItem(json, body, index, r.id(), documents.of(r, OpenSearchRecordStore.FINAL, 0));
                }
                n += items;
                room.acquireUninterruptibly();
                byte[] bytes = body.toByteArray();
                sent.add(senders.submit(() -> {
                    try {
                        send(bytes);
                        return null;
                    } finally {
                        room.release();
                    }
                }));
                if (sent.size() > 4 * concurrent) check(sent);
            }
            for (Future<?> f : sent) get(f);
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        if (!indices.isEmpty()) {
            String all = String.join(",", indices);
            http.ok("POST", "/" + all + "/_refresh", null, null);
            http.ok("POST", "/" + all + "/_flush", null, null); // segments on disk, translog empty: replicas are made by copying files
            for (String index : indices) restore(index);
            Map<String, String> wait = Map.of("wait_for_status", settings.replicas() == 0 ? "yellow" : "green", "timeout", "10s");
            // each wait shorter than a request's limit; copying a large index's replica takes minutes, but a replica
            // that has no node to go to (fewer nodes than copies) never comes: give up after an hour, saying so
            long deadline = System.nanoTime() + REPLICA_WAIT_NANOS;
            while (http.send("GET", "/_cluster/health/" + all, wait, null).body().path("timed_out").asBoolean(true)) {
                if (Thread.interrupted()) throw new java.io.InterruptedIOException("bulk load interrupted waiting for replicas");
                if (System.nanoTime() > deadline) {
                    throw new IOException("the " + n + " records are loaded, but " + all + " did not become " + wait.get("wait_for_status")
                            + " within an hour: are there nodes for " + settings.replicas() + " replica(s)?");
                }
            }
        }
        return new Result(n, loadSeconds, (System.nanoTime() - t1) / 1e9, indices);
    }

    /** A monthly index about to take a load: made (template: mappings, alias) or switched, with no replica and no periodic refresh. */
    private void prepare(String index) throws IOException {
        ObjectNode s = json.createObjectNode();
        s.putObject("index").put("number_of_replicas", 0).put("refresh_interval", "-1");
        OpenSearchHttp.Answer exists = http.send("HEAD", "/" + index, null, null);
        if (exists.status() == 404) {
            ObjectNode create = json.createObjectNode();
            create.set("settings", s);
            http.ok("PUT", "/" + index, null, create);
        } else {
            http.ok("PUT", "/" + index + "/_settings", null, s);
        }
        log.info("bulk load into {}: replicas 0 and refresh off until it is done", index);
    }

    private void restore(String index) throws IOException {
        ObjectNode s = json.createObjectNode();
        s.putObject("index").put("number_of_replicas", settings.replicas()).put("refresh_interval", settings.refreshIntervalMs() + "ms");
        http.ok("PUT", "/" + index + "/_settings", null, s);
    }

    /** One bulk, sent again with backoff while the cluster turns it away for load (429); any other refusal fails the load. */
    private void send(byte[] body) throws IOException, InterruptedException {
        long backoff = 100;
        for (int attempt = 0; ; attempt++) {
            OpenSearchHttp.Answer a = http.bulk(body, BULK);
            boolean busy = a.status() == 429;
            if (!busy && !a.ok()) throw OpenSearchFailure.of("bulk load", a);
            if (!busy && a.body().path("errors").asBoolean(false)) {
                for (JsonNode item : a.body().path("items")) {
                    JsonNode r = item.elements().next();
                    int status = r.path("status").asInt(500);
                    if (status == 429) busy = true;
                    else if (status >= 300) throw new OpenSearchFailure("bulk load refused a record: " + r.path("error").path("reason").asText(), status);
                }
                // items already written are written again, by id, with the same content: harmless
            }
            if (!busy) return;
            // a circuit breaker's 429 passes when the node has collected its garbage or merged: minutes, not seconds, at worst
            if (attempt >= 60) throw new IOException("OpenSearch kept refusing the bulk load for load (429) for " + attempt + " tries: " + a.body());
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 5000);
        }
    }

    private static void check(List<Future<?>> sent) throws IOException {
        for (var it = sent.iterator(); it.hasNext(); ) {
            Future<?> f = it.next();
            if (!f.isDone()) continue;
            get(f);
            it.remove();
        }
    }

    private static void get(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("bulk load failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("bulk load interrupted");
        }
    }
}
