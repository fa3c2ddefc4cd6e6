package org.vistruct.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import org.vistruct.core.GaTime;
import org.vistruct.core.StructuredRecord;
import org.vistruct.server.RecordJson;

/**
 * An alert as subscribers and the web UI get it, with GA/T 1400 DispositionNotification names
 * (NotificationID, DispositionID, Title, TriggerTime, CntObjectID) and the record inline as
 * MotorVehicleObject / FaceObject / PersonObject, its pictures as URLs.
 */
public final class AlertJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJson() {}

    private static long appearTime(StructuredRecord r) {
        return switch (r) {
            case org.vistruct.core.MotorVehicle v -> v.appearTime();
            case org.vistruct.core.Face f -> f.faceAppearTime();
            case org.vistruct.core.Person p -> p.personAppearTime();
            case org.vistruct.core.NonMotorVehicle v -> v.appearTime();
        };
    }

    /**
     * @param record  the record, or null when it is no longer in the index
     * @param baseUrl put before picture paths ("" for paths relative to the server)
     */
    public static ObjectNode of(Alert a, StructuredRecord record, String baseUrl, ZoneId zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("NotificationID", a.id());
        n.put("DispositionID", a.entryId());
        n.put("Title", a.reason() == null || a.reason().isBlank() ? a.watched() : a.reason());
        n.put("TriggerTime", GaTime.format(a.triggerTime(), zone));
        n.put("TriggerTimeMs", a.triggerTime());
        n.put("CntObjectID", a.recordId());
        n.put("List", a.list());
        n.put("Kind", a.kind().name());
        n.put("Watched", a.watched());
        n.put("Priority", a.priority());
        n.put("DeviceID", a.deviceId());
        n.put("ObjectType", a.recordType());
        n.put("ObjectTimeMs", a.recordTime()); // the frame of the record's picture, to the millisecond: receivers can measure the delay
        if (record != null) n.put("ObjectAppearTimeMs", appearTime(record));
        if (a.plateNo() != null) n.put("PlateNo", a.plateNo());
        if (a.kind() == WatchEntry.Kind.FACE) n.put("Similarity", Math.round(a.similarity() * 1000) / 1000.0);
        if (record != null) n.set(a.recordType() + "Object", RecordJson.of(record, zone));
        ArrayNode pictures = n.putArray("Pictures");
        for (String key : a.pictures()) {
            ObjectNode p = pictures.addObject();
            String file = key.substring(key.lastIndexOf('/') + 1);
            p.put("Kind", file.substring(file.lastIndexOf('-') + 1, file.length() - ".jpg".length()));
            p.put("Key", key);
            p.put("Url", baseUrl + "/api/v1/pictures/" + key);
        }
        return n;
    }
}
