package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Requests to the cluster through opensearch-java's transport (round robin over the nodes, a dead
 * node set aside and retried later), with bodies written and read as Jackson trees: the query DSL
 * is built here as the JSON OpenSearch documents, by the same mapper that writes the records.
 * Answers of 400 and more become {@link OpenSearchFailure}s naming the cluster's reason.
 */
final class OpenSearchHttp implements AutoCloseable {
    private final ApacheHttpClient5Transport transport;
    private final OpenSearchGenericClient client;
    private final ObjectMapper json;

    OpenSearchHttp(List<String> urls, int timeoutMs, ObjectMapper json) {
        this.json = json;
        HttpHost[] hosts = urls.stream().map(u -> {
            URI uri = URI.create(u);
            return new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort() < 0 ? 9200 : uri.getPort());
        }).toArray(HttpHost[]::new);
        this.transport = ApacheHttpClient5TransportBuilder.builder(hosts)
                .setMapper(new JacksonJsonpMapper(json))
                .setRequestConfigCallback(c -> c.setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).setConnectionRequestTimeout(Timeout.ofMilliseconds(timeoutMs)))
                .setConnectionConfigCallback(c -> c.setConnectTimeout(Timeout.of(Math.min(timeoutMs, 5000), TimeUnit.MILLISECONDS)))
                .build();
        this.client = new OpenSearchGenericClient(transport);
    }

    /** An answer: its HTTP status and its JSON body (an empty object when it had none). */
    record Answer(int status, JsonNode body) {
        boolean ok() { return status < 300; }
    }

    Answer send(String method, String path, Map<String, String> params, JsonNode body) throws IOException {
        Body b = body == null ? null : Body.from(json.writeValueAsBytes(body), "application/json");
        return exchange(method, path, params, b);
    }

    /** A bulk request: newline-delimited JSON. */
    Answer bulk(byte[] ndjson, Map<String, String> params) throws IOException {
        return exchange("POST", "/_bulk", params, Body.from(ndjson, "application/x-ndjson"));
    }

    /** As {@link #send}, failing on any status of 400 or more. */
    JsonNode ok(String method, String path, Map<String, String> params, JsonNode body) throws IOException {
        Answer a = send(method, path, params, body);
        if (!a.ok()) throw OpenSearchFailure.of(method + " " + path, a);
        return a.body();
    }

    private Answer exchange(String method, String path, Map<String, String> params, Body body) throws IOException {
        try (Response r = client.execute(Requests.create(method, path, List.of(), params == null ? Map.of() : params, body))) {
            JsonNode tree = r.getBody().map(x -> {
                try {
                    byte[] bytes = x.bodyAsBytes();
                    return bytes.length == 0 ? null : json.readTree(bytes);
                } catch (IOException e) {
                    return json.createObjectNode().put("unreadable", e.getMessage());
                }
            }).orElse(null);
            return new Answer(r.getStatus(), tree == null ? json.createObjectNode() : tree);
        } catch (org.opensearch.client.transport.httpclient5.ResponseException e) {
            // the transport throws on some statuses (429 from a circuit breaker among them): an answer all the same, for the caller to act on
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            JsonNode tree;
            try {
                tree = nl < 0 ? json.createObjectNode() : json.readTree(m.substring(nl + 1));
            } catch (IOException unreadable) {
                tree = json.createObjectNode().put("unreadable", m);
            }
            return new Answer(e.status(), tree == null ? json.createObjectNode() : tree);
        }
    }

    @Override
    public void close() throws IOException { transport.close(); }
}
