package org.vistruct.core;

/**
 * One vehicle passing a camera (not one frame), named with GA/T 1400 MotorVehicle fields.
 * Times are UTC milliseconds. StorageUrl1 is the vehicle close-up, StorageUrl2 the plate,
 * StorageUrl3 the scene (far view); each is an object key in the picture store, or null.
 */
public record MotorVehicle(
        String motorVehicleId,
        String deviceId,
        long passTime,
        long appearTime,
        long disappearTime,
        String plateNo,
        ColorCode plateColor,
        PlateClass plateClass,
        int plateReliability,
        VehicleClass vehicleClass,
        int vehicleClassReliability,
        ColorCode vehicleColor,
        int vehicleColorReliability,
        Box box,
        String storageUrl1,
        String storageUrl2,
        String storageUrl3,
        String sourceFile,
        long sourceOffsetMs) implements StructuredRecord {

    /** PlateNo when the vehicle showed no plate. */
    public static final String NO_PLATE = "无车牌";

    @Override public String id() { return motorVehicleId; }

    @Override public RecordType type() { return RecordType.MotorVehicle; }

    @Override public long time() { return passTime; }

    @Override public java.util.List<String> pictureKeys() { return StructuredRecord.keys(storageUrl1, storageUrl2, storageUrl3); }

    @Override public String sceneKey() { return storageUrl3; }

    @Override
    public MotorVehicle withoutScene() {
        return new MotorVehicle(motorVehicleId, deviceId, passTime, appearTime, disappearTime, plateNo, plateColor, plateClass, plateReliability,
                vehicleClass, vehicleClassReliability, vehicleColor, vehicleColorReliability, box, storageUrl1, storageUrl2, null, sourceFile, sourceOffsetMs);
    }

    public boolean hasPlate() { return plateNo != null && !NO_PLATE.equals(plateNo); }

    public MotorVehicle withStorage(String closeUp, String plate, String scene) {
        return new MotorVehicle(motorVehicleId, deviceId, passTime, appearTime, disappearTime, plateNo, plateColor,
                plateClass, plateReliability, vehicleClass, vehicleClassReliability, vehicleColor,
                vehicleColorReliability, box, closeUp, plate, scene, sourceFile, sourceOffsetMs);
    }
}
