package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** The cluster refused or failed a request: its status and its own reason. */
final class OpenSearchFailure extends IOException {
    private final int status;

    OpenSearchFailure(String message, int status) {
        super(message);
        this.status = status;
    }

    static OpenSearchFailure of(String request, OpenSearchHttp.Answer a) {
        return new OpenSearchFailure("OpenSearch " + request + " answered " + a.status() + ": " + reason(a.body()), a.status());
    }

    /** The most telling part of an error body: the root cause's type and reason. */
    static String reason(JsonNode body) {
        JsonNode e = body.path("error");
        if (e.isTextual()) return e.asText();
        JsonNode root = e.path("root_cause").path(0);
        JsonNode use = root.isMissingNode() ? e : root;
        String type = use.path("type").asText(""), reason = use.path("reason").asText("");
        if (type.isEmpty() && reason.isEmpty()) {
            String s = body.toString();
            return s.length() > 500 ? s.substring(0, 500) : s;
        }
        return type + ": " + reason;
    }

    int status() { return status; }
}
