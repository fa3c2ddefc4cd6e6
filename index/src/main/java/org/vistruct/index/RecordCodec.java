package org.vistruct.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/** Journal entries: a record with its version as JSON (every field, the face feature included), or a deletion by id. */
final class RecordCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A decoded entry: a record and its version, or a deletion. */
    record Versioned(StructuredRecord record, int version, String id, boolean deleted) {}

    byte[] encode(StructuredRecord r, int version) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("t", r.type().name());
        n.put("v", version);
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
        if (n.has("d")) return new Versioned(null, 0, n.get("d").asText(), true);
        Class<? extends StructuredRecord> type = switch (RecordType.valueOf(n.get("t").asText())) {
            case MotorVehicle -> MotorVehicle.class;
            case Face -> Face.class;
            case Person -> Person.class;
        };
        StructuredRecord r = JSON.treeToValue(n.get("r"), type);
        return new Versioned(r, n.get("v").asInt(), r.id(), false);
    }
}
