package org.vistruct.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/** Journal entries: a record with its version as JSON (every field, the face feature included), or a deletion by id. */
final class RecordCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A decoded entry: a record and its version, or a deletion.
     *
     * @param feedPosition the record's place in the feed when the entry keeps an earlier one (a rewrite), else -1: the entry's own sequence
     */
    record Versioned(StructuredRecord record, int version, String id, boolean deleted, long feedPosition) {}

    byte[] encode(StructuredRecord r, int version) throws IOException {
        return encode(r, version, -1);
    }

    /** @param feedPosition a position kept from an earlier write (rewrites), or -1 */
    byte[] encode(StructuredRecord r, int version, long feedPosition) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("t", r.type().name());
        n.put("v", version);
        if (feedPosition >= 0) n.put("s", feedPosition);
        n.set("r", JSON.valueToTree(r));
        return JSON.writeValueAsBytes(n);
    }

    byte[] encodeDeletion(String id) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("d", id);
        return JSON.writeValueAsBytes(n);
    }

    Versioned decode(byte[] payload) throws IOException {
        JsonNode n = JSON.readTree(payload);
        if (n.has("d")) return new Versioned(null, 0, n.get("d").asText(), true, -1);
        Class<? extends StructuredRecord> type = RecordType.valueOf(n.get("t").asText()).recordClass();
        StructuredRecord r = JSON.treeToValue(n.get("r"), type);
        return new Versioned(r, n.get("v").asInt(), r.id(), false, n.has("s") ? n.get("s").asLong() : -1);
    }
}
