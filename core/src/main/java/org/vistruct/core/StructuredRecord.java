package org.vistruct.core;

/** What every record has: an id, the device, when (UTC ms), where in the picture, and its source. */
public sealed interface StructuredRecord permits MotorVehicle, Face, Person {
    String id();

    RecordType type();

    String deviceId();

    /** PassTime or ShotTime: the time of the record's best picture. */
    long time();

    Box box();

    String sourceFile();

    long sourceOffsetMs();
}
