package org.vistruct.core;

/** What every record has: an id, the device, when (UTC ms), where in the picture, and its source. */
public sealed interface StructuredRecord permits MotorVehicle, Face, Person, NonMotorVehicle {
    String id();

    RecordType type();

    String deviceId();

    /** PassTime or ShotTime: the time of the record's best picture. */
    long time();

    Box box();

    String sourceFile();

    long sourceOffsetMs();

    /** The object keys of all its pictures (close-ups and scene). */
    java.util.List<String> pictureKeys();

    /** The key of its scene picture, or null: retention may keep close-ups longer than scenes. */
    String sceneKey();

    /** The same record without its scene picture. */
    StructuredRecord withoutScene();

    static java.util.List<String> keys(String... keys) {
        java.util.List<String> out = new java.util.ArrayList<>(keys.length);
        for (String k : keys) if (k != null) out.add(k);
        return out;
    }
}
