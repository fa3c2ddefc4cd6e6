package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.PassAttributes;

/**
 * The OpenSearch form of a record: the fields searched, sorted and aggregated on, under their GA/T
 * 1400 names (PlateNo, PlateColor, VehicleClass, VehicleColor, DeviceID) or, for what GA/T 1400
 * has no name for, Record-prefixed ones; and the whole record as JSON in {@code Record} (not
 * indexed), from which it is read back field for field. A face's feature is kept once, in the k-NN
 * field.
 */
final class RecordDocument {
    static final String ID = "RecordID", TYPE = "Type", DEVICE = "DeviceID", TIME = "RecordTime", VERSION = "RecordVersion",
            FEED = "FeedPosition", HAS_SCENE = "HasScene", SOURCE = "SourceFile", OFFSET = "SourceOffsetMs", PLATE = "PlateNo",
            PLATE_COLOR = "PlateColor", VEHICLE_COLOR = "VehicleColor", VEHICLE_CLASS = "VehicleClass", PLATE_RELIABILITY = "PlateReliability",
            ATTRIBUTES = "PassAttributes", FEATURE = "FaceFeature", RECORD = "Record";

    private final ObjectMapper json;

    RecordDocument(ObjectMapper json) { this.json = json; }

    /** @param feedPosition the record's place in the feed, 0 for none (provisional records) */
    ObjectNode of(StructuredRecord r, int version, long feedPosition) {
        ObjectNode d = json.createObjectNode();
        d.put(ID, r.id());
        d.put(TYPE, r.type().name());
        d.put(DEVICE, r.deviceId());
        d.put(TIME, r.time());
        d.put(VERSION, version);
        if (feedPosition > 0) d.put(FEED, feedPosition);
        d.put(HAS_SCENE, r.sceneKey() != null);
        if (r.sourceFile() != null) d.put(SOURCE, r.sourceFile());
        d.put(OFFSET, r.sourceOffsetMs());
        ObjectNode record = json.valueToTree(r);
        switch (r) {
            case MotorVehicle v -> {
                d.put(PLATE, v.plateNo());
                if (v.plateColor() != null) d.put(PLATE_COLOR, Integer.toString(v.plateColor().code()));
                if (v.vehicleColor() != null) d.put(VEHICLE_COLOR, Integer.toString(v.vehicleColor().code()));
                if (v.vehicleClass() != null) d.put(VEHICLE_CLASS, v.vehicleClass().code());
                d.put(PLATE_RELIABILITY, v.plateReliability());
                d.put(ATTRIBUTES, PassAttributes.of(v));
            }
            case Face f -> {
                if (f.feature() != null) {
                    ArrayNode a = d.putArray(FEATURE);
                    for (float x : f.feature()) a.add(x);
                }
                record.remove("feature"); // kept once, in the vector field
            }
            default -> { }
        }
        d.set(RECORD, record);
        return d;
    }

    /** The record in a hit's or a get's _source. */
    StructuredRecord toRecord(JsonNode source) throws IOException {
        RecordType type = RecordType.valueOf(source.path(TYPE).asText());
        ObjectNode record = ((ObjectNode) source.get(RECORD)).deepCopy();
        if (type == RecordType.Face && source.has(FEATURE)) record.set("feature", source.get(FEATURE));
        return json.treeToValue(record, type.recordClass());
    }

    /** The mappings of every monthly index. Strict: a field not named here is refused, not guessed. */
    ObjectNode mappings(int faceDimension) {
        ObjectNode m = json.createObjectNode();
        m.put("dynamic", "strict");
        ObjectNode p = m.putObject("properties");
        for (String k : new String[] {ID, TYPE, DEVICE, SOURCE, PLATE, PLATE_COLOR, VEHICLE_COLOR, VEHICLE_CLASS}) p.putObject(k).put("type", "keyword");
        p.putObject(TIME).put("type", "date").put("format", "epoch_millis");
        for (String k : new String[] {FEED, OFFSET, ATTRIBUTES}) p.putObject(k).put("type", "long");
        for (String k : new String[] {VERSION, PLATE_RELIABILITY}) p.putObject(k).put("type", "integer");
        p.putObject(HAS_SCENE).put("type", "boolean");
        ObjectNode knn = p.putObject(FEATURE);
        knn.put("type", "knn_vector").put("dimension", faceDimension);
        // the Lucene engine: filters applied inside the graph search, and present in every distribution
        knn.putObject("method").put("name", "hnsw").put("engine", "lucene").put("space_type", "cosinesimil");
        p.putObject(RECORD).put("type", "object").put("enabled", false);
        return m;
    }
}
