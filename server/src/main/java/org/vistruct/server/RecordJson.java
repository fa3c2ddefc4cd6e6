package org.vistruct.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;

/** A record as JSON with GA/T 1400 field names (times local yyyyMMddHHmmss, colours as codes). */
public final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {}

    public static ObjectNode of(MotorVehicle r, ZoneId zone) {
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
        n.put("VehicleClass", r.vehicleClass().code());
        n.put("VehicleClassReliability", r.vehicleClassReliability());
        n.put("VehicleColor", Integer.toString(r.vehicleColor().code()));
        n.put("VehicleColorReliability", r.vehicleColorReliability());
        n.put("LeftTopX", r.box().leftTopX());
        n.put("LeftTopY", r.box().leftTopY());
        n.put("RightBtmX", r.box().rightBtmX());
        n.put("RightBtmY", r.box().rightBtmY());
        if (r.storageUrl1() != null) n.put("StorageUrl1", r.storageUrl1());
        if (r.storageUrl2() != null) n.put("StorageUrl2", r.storageUrl2());
        if (r.storageUrl3() != null) n.put("StorageUrl3", r.storageUrl3());
        n.put("SourceFile", r.sourceFile());
        n.put("SourceOffsetMs", r.sourceOffsetMs());
        return n;
    }
}
