package org.vistruct.gat1400.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.vistruct.core.DigestAuthenticator;
import org.vistruct.gat1400.ResponseStatus;
import org.vistruct.gat1400.ViidJson;

/**
 * The client side of GA/T 1400: JSON requests with this platform's User-Identify, and System/Register
 * with digest authentication (the 401 challenge answered with an MD5 response). Redirects are never
 * followed, every request has a deadline.
 */
public final class ViidClient implements AutoCloseable {
    public static final String CONTENT_TYPE = "application/VIID+JSON;charset=UTF-8";
    private final String ourId;
    private final Duration timeout;
    private final ZoneId zone;
    private final HttpClient http;

    /** An answer: the HTTP status, the statuses in its body (possibly none), its WWW-Authenticate, or what went wrong before any answer. */
    public record Reply(int httpStatus, JsonNode body, List<ResponseStatus> statuses, String challenge, String error) {
        /** Taken: 2xx and no status in the body says otherwise. */
        public boolean ok() { return error == null && httpStatus / 100 == 2 && statuses.stream().allMatch(ResponseStatus::isOk); }

        /** Why it was not taken, in words; null when it was. */
        public String problem() {
            if (error != null) return error;
            if (httpStatus / 100 != 2) return "HTTP " + httpStatus + statuses.stream().findFirst().map(s -> ": " + s.statusString()).orElse("");
            return statuses.stream().filter(s -> !s.isOk()).findFirst().map(s -> "StatusCode " + s.status().code() + " " + s.statusString()).orElse(null);
        }
    }

    public ViidClient(String ourId, Duration timeout, ZoneId zone) {
        this.ourId = ourId;
        this.timeout = timeout;
        this.zone = zone;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String ourId() { return ourId; }

    public Reply post(String url, JsonNode body) throws InterruptedException { return send("POST", url, body, null); }

    public Reply send(String method, String url, JsonNode body, String authorization) throws InterruptedException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("User-Identify", ourId).header("Accept", "application/VIID+JSON, application/json");
        } catch (IllegalArgumentException e) {
            return new Reply(0, null, List.of(), null, "not a URL: " + url);
        }
        if (authorization != null) b.header("Authorization", authorization);
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else {
            try {
                b.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(ViidJson.mapper().writeValueAsBytes(body)));
            } catch (IOException e) {
                return new Reply(0, null, List.of(), null, "cannot write the body: " + e.getMessage());
            }
        }
        try {
            HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode n = null;
            try {
                if (res.body().length > 0) n = ViidJson.mapper().readTree(res.body());
            } catch (IOException notJson) {
                n = null;
            }
            return new Reply(res.statusCode(), n, ResponseStatus.read(n, zone), res.headers().firstValue("WWW-Authenticate").orElse(null), null);
        } catch (IOException e) {
            return new Reply(0, null, List.of(), null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /**
     * Registers with a platform at {@code base} (http://host:port): POST System/Register, answer its
     * challenge. Null when registered, else why not.
     */
    public String register(String base, String password) throws InterruptedException {
        String path = "/VIID/System/Register";
        JsonNode body = ViidJson.mapper().createObjectNode().set("RegisterObject", ViidJson.mapper().createObjectNode().put("DeviceID", ourId));
        Reply first = send("POST", base + path, body, null);
        if (first.error() != null) return first.error();
        if (first.httpStatus() / 100 == 2 && first.statuses().stream().allMatch(ResponseStatus::isOk)) return null; // no authentication asked
        if (first.httpStatus() != 401 || first.challenge() == null) return "Register answered " + first.problem() + " without a digest challenge";
        Map<String, String> challenge = DigestAuthenticator.fields(first.challenge());
        Reply second = send("POST", base + path, body, DigestAuthenticator.authorization(challenge, ourId, password, "POST", path, 1));
        return second.ok() ? null : "Register refused: " + second.problem();
    }

    public String keepalive(String base) throws InterruptedException {
        JsonNode body = ViidJson.mapper().createObjectNode().set("KeepaliveObject", ViidJson.mapper().createObjectNode().put("DeviceID", ourId));
        Reply r = send("POST", base + "/VIID/System/Keepalive", body, null);
        return r.ok() ? null : r.problem();
    }

    public String unregister(String base) throws InterruptedException {
        JsonNode body = ViidJson.mapper().createObjectNode().set("UnRegisterObject", ViidJson.mapper().createObjectNode().put("DeviceID", ourId));
        Reply r = send("POST", base + "/VIID/System/UnRegister", body, null);
        return r.ok() ? null : r.problem();
    }

    @Override
    public void close() { http.close(); }
}
