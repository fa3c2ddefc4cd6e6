package org.vistruct.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import org.vistruct.core.GaTime;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.NonMotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.StructuredRecord;

/** A record of any type as JSON with GA/T 1400 field names (times local yyyyMMddHHmmss, colours as codes). */
public final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {}

    public static ObjectNode of(StructuredRecord record, ZoneId zone) {
        return switch (record) {
            case MotorVehicle v -> of(v, zone);
            case Face f -> of(f, zone);
            case Person p -> of(p, zone);
            case NonMotorVehicle v -> of(v, zone);
        };
    }

    static ObjectNode of(NonMotorVehicle r, ZoneId zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("NonMotorVehicleID", r.nonMotorVehicleId());
        n.put("DeviceID", r.deviceId());
        n.put("ShotTime", GaTime.format(r.shotTime(), zone));
        n.put("AppearTime", GaTime.format(r.appearTime(), zone));
        n.put("DisappearTime", GaTime.format(r.disappearTime(), zone));
        if (r.plateNo() != null) n.put("PlateNo", r.plateNo());
        if (r.vehicleColor() != null) n.put("VehicleColor", Integer.toString(r.vehicleColor().code()));
        common(n, r);
        return n;
    }

    static ObjectNode of(Face r, ZoneId zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("FaceID", r.faceId());
        n.put("DeviceID", r.deviceId());
        n.put("ShotTime", GaTime.format(r.shotTime(), zone));
        n.put("FaceAppearTime", GaTime.format(r.faceAppearTime(), zone));
        n.put("FaceDisAppearTime", GaTime.format(r.faceDisAppearTime(), zone));
        n.put("FaceQuality", r.quality());
        if (r.personId() != null) n.put("PersonID", r.personId());
        common(n, r);
        return n;
    }

    static ObjectNode of(Person r, ZoneId zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("PersonID", r.personId());
        n.put("DeviceID", r.deviceId());
        n.put("ShotTime", GaTime.format(r.shotTime(), zone));
        n.put("PersonAppearTime", GaTime.format(r.personAppearTime(), zone));
        n.put("PersonDisAppearTime", GaTime.format(r.personDisAppearTime(), zone));
        n.put("Reliability", r.reliability());
        common(n, r);
        return n;
    }

    private static void common(ObjectNode n, StructuredRecord r) {
        n.put("LeftTopX", r.box().leftTopX());
        n.put("LeftTopY", r.box().leftTopY());
        n.put("RightBtmX", r.box().rightBtmX());
        n.put("RightBtmY", r.box().rightBtmY());
        String[] urls = switch (r) {
            case Face f -> new String[] {f.storageUrl1(), f.storageUrl2()};
            case Person p -> new String[] {p.storageUrl1(), p.storageUrl2()};
            case MotorVehicle v -> new String[] {v.storageUrl1(), v.storageUrl2(), v.storageUrl3()};
            case NonMotorVehicle v -> new String[] {v.storageUrl1(), v.storageUrl2()};
        };
        for (int i = 0; i < urls.length; i++) if (urls[i] != null) n.put("StorageUrl" + (i + 1), urls[i]);
        n.put("SourceFile", r.sourceFile());
        n.put("SourceOffsetMs", r.sourceOffsetMs());
    }

    static ObjectNode of(MotorVehicle r, ZoneId zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("MotorVehicleID", r.motorVehicleId());
        n.put("DeviceID", r.deviceId());
        n.put("PassTime", GaTime.format(r.passTime(), zone));
        n.put("AppearTime", GaTime.format(r.appearTime(), zone));
        n.put("DisappearTime", GaTime.format(r.disappearTime(), zone));
        n.put("PlateNo", r.plateNo());
        if (r.plateColor() != null) n.put("PlateColor", Integer.toString(r.plateColor().code()));
        if (r.plateClass() != null) n.put("PlateClass", r.plateClass().code());
        n.put("PlateReliability", r.plateReliability());
        if (r.vehicleClass() != null) n.put("VehicleClass", r.vehicleClass().code());
        n.put("VehicleClassReliability", r.vehicleClassReliability());
        if (r.vehicleColor() != null) n.put("VehicleColor", Integer.toString(r.vehicleColor().code()));
        n.put("VehicleColorReliability", r.vehicleColorReliability());
        common(n, r);
        return n;
    }
}
