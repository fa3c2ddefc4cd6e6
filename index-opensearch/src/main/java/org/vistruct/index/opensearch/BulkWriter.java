package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes from every thread gathered into bulk requests: one sender sends what waits (at most
 * bulkMaxRecords at a time) while the writers wait for their own item's answer, so concurrent
 * writers share a request and its refresh. The queue is bounded: when the cluster is slower than the
 * writers, they wait (back-pressure) rather than memory growing. Items the cluster turns away for
 * load (429) are sent again with backoff; a request that fails as a whole fails its writers, who
 * decide (the write path keeps the record in its spool).
 */
final class BulkWriter implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BulkWriter.class);

    /** One write: an index (doc not null) or a delete. */
    record Op(String index, String id, ObjectNode doc, CompletableFuture<Void> done) {}

    private final OpenSearchHttp http;
    private final ObjectMapper json;
    private final BlockingQueue<Op> queue;
    private final int max;
    private final Map<String, String> params;
    private final long timeoutMs;
    private final Thread sender;
    private volatile boolean closed;
    private volatile long bulks, items;

    BulkWriter(OpenSearchHttp http, ObjectMapper json, OpenSearchSettings s) {
        this.http = http;
        this.json = json;
        this.queue = new ArrayBlockingQueue<>(s.queueCapacity());
        this.max = s.bulkMaxRecords();
        this.params = Map.of("refresh", s.refresh(), "timeout", (s.timeoutMs() / 1000) + "s");
        this.timeoutMs = s.timeoutMs();
        this.sender = Thread.ofPlatform().name("opensearch-bulk").daemon().start(this::run);
    }

    /** Indexes a document; returns when the cluster holds it (and, with refresh=true, shows it). */
    void index(String index, String id, ObjectNode doc) throws IOException { await(submit(new Op(index, id, doc, new CompletableFuture<>()))); }

    void delete(String index, String id) throws IOException { await(submit(new Op(index, id, null, new CompletableFuture<>()))); }

    /** Queues an op, waiting for room (back-pressure). */
    CompletableFuture<Void> submit(Op op) throws IOException {
        if (closed) throw new IOException("the OpenSearch writer is closed");
        try {
            if (!queue.offer(op, timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IOException("OpenSearch is not keeping up: " + queue.size() + " writes have waited over " + timeoutMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for room in the bulk queue");
        }
        return op.done();
    }

    void await(CompletableFuture<Void> f) throws IOException {
        try {
            f.get(timeoutMs * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("OpenSearch did not answer a bulk write within " + timeoutMs * 3 + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a bulk write");
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>(max);
        while (!closed || !queue.isEmpty()) {
            try {
                Op first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, max - 1);
                send(batch);
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (RuntimeException e) {
                for (Op op : batch) op.done().completeExceptionally(e);
                log.error("bulk writer: {}", e.toString(), e);
            } finally {
                batch.clear();
            }
        }
        for (Op op; (op = queue.poll()) != null; ) op.done().completeExceptionally(new IOException("the OpenSearch writer closed"));
    }

    /** Sends the ops, again for those turned away for load (429), until each has its answer. */
    private void send(List<Op> ops) throws InterruptedException {
        List<Op> pending = ops;
        long backoff = 50;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!pending.isEmpty()) {
            List<Op> again = new ArrayList<>();
            try {
                OpenSearchHttp.Answer a = http.bulk(body(pending), params);
                if (a.status() == 429) {
                    again.addAll(pending);
                } else if (!a.ok()) {
                    IOException e = OpenSearchFailure.of("bulk", a);
                    for (Op op : pending) op.done().completeExceptionally(e);
                } else {
                    bulks++;
                    JsonNode results = a.body().path("items");
                    for (int i = 0; i < pending.size(); i++) {
                        JsonNode item = results.path(i);
                        JsonNode r = item.path(item.fieldNames().hasNext() ? item.fieldNames().next() : "index");
                        int status = r.path("status").asInt(500);
                        Op op = pending.get(i);
                        if (status < 300 || op.doc() == null && status == 404) {
                            items++;
                            op.done().complete(null);
                        } else if (status == 429) {
                            again.add(op);
                        } else {
                            op.done().completeExceptionally(new OpenSearchFailure("OpenSearch refused record " + op.id() + " in " + op.index() + ": "
                                    + OpenSearchFailure.reason(r), status));
                        }
                    }
                }
            } catch (IOException e) {
                for (Op op : pending) op.done().completeExceptionally(new IOException("OpenSearch bulk write failed: " + e.getMessage(), e));
            }
            if (again.isEmpty()) return;
            if (System.currentTimeMillis() > deadline) {
                for (Op op : again) op.done().completeExceptionally(new IOException("OpenSearch kept refusing writes for load (429) for " + timeoutMs + " ms"));
                return;
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 2000);
            pending = again;
        }
    }

    private byte[] body(List<Op> ops) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ops.size() * 1024);
        for (Op op : ops) appendItem(json, out, op.index(), op.id(), op.doc());
        return out.toByteArray();
    }

    /** One item of a bulk body (newline-delimited JSON): its action line, then the document's line unless it is a delete (doc null). */
    static void appendItem(ObjectMapper json, ByteArrayOutputStream out, String index, String id, ObjectNode doc) throws IOException {
        ObjectNode action = json.createObjectNode();
        action.putObject(doc == null ? "delete" : "index").put("_index", index).put("_id", id);
        out.write(json.writeValueAsBytes(action));
        out.write('\n');
        if (doc != null) {
            out.write(json.writeValueAsBytes(doc));
            out.write('\n');
        }
    }

    /** Bulk requests answered, and items written, since start (metrics). */
    long bulks() { return bulks; }

    long items() { return items; }

    @Override
    public void close() {
        closed = true;
        try {
            sender.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
