package org.vistruct.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test's view of the JSON API: one base URL, one token, answers as status and JSON. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer. */
    record Answer(int status, JsonNode json, String text) {}

    private final String base, token;

    ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    ApiClient as(String otherToken) { return new ApiClient(base, otherToken); }

    String base() { return base; }

    String token() { return token; }

    Answer get(String path) throws Exception { return send(request(path).GET()); }

    Answer delete(String path) throws Exception { return send(request(path).DELETE()); }

    Answer post(String path, Object body) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    /** GET expecting 200; the JSON. */
    JsonNode json(String path) throws Exception {
        Answer a = get(path);
        if (a.status() != 200) throw new AssertionError("GET " + path + ": " + a.status() + " " + a.text());
        return a.json();
    }

    /**
     * Follows a server-sent event stream (records, alerts) on a virtual thread, handing each event's
     * JSON to {@code each}, until the server goes away or the thread is interrupted.
     */
    Thread events(String path, java.util.function.Consumer<JsonNode> each) {
        return Thread.ofVirtual().start(() -> {
            try {
                HTTP.send(request(path).timeout(Duration.ofHours(1)).GET().build(), HttpResponse.BodyHandlers.ofLines()).body().forEach(line -> {
                    if (!line.startsWith("data:")) return;
                    try {
                        each.accept(JSON.readTree(line.substring(5).trim()));
                    } catch (Exception notJson) {
                        // a keep-alive comment or a partial line
                    }
                });
            } catch (Exception stopped) {
                // the server went away or the test moved on
            }
        });
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static Answer send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (Exception notJson) {
            // pictures, metrics
        }
        return new Answer(r.statusCode(), json, r.body());
    }
}
