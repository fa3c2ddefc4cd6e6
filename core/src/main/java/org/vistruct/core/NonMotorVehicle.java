package org.vistruct.core;

/**
 * One non-motor vehicle (bicycle, e-bike, tricycle) passing a camera, with GA/T 1400
 * NonMotorVehicle fields. Taken in from GA/T 1400 senders; StorageUrl1 is its close-up,
 * StorageUrl2 the scene.
 *
 * @param shotTime when its best picture was taken
 * @param plateNo  its registration plate, or null when it has none
 * @param vehicleColor its colour, or null when not reported
 */
public record NonMotorVehicle(String nonMotorVehicleId, String deviceId, long shotTime, long appearTime, long disappearTime, String plateNo,
                              ColorCode vehicleColor, Box box, String storageUrl1, String storageUrl2, String sourceFile, long sourceOffsetMs)
        implements StructuredRecord {
    @Override public String id() { return nonMotorVehicleId; }

    @Override public RecordType type() { return RecordType.NonMotorVehicle; }

    @Override public long time() { return shotTime; }

    @Override public java.util.List<String> pictureKeys() { return StructuredRecord.keys(storageUrl1, storageUrl2); }

    @Override public String sceneKey() { return storageUrl2; }

    @Override
    public NonMotorVehicle withoutScene() {
        return new NonMotorVehicle(nonMotorVehicleId, deviceId, shotTime, appearTime, disappearTime, plateNo, vehicleColor, box, storageUrl1, null,
                sourceFile, sourceOffsetMs);
    }
}
