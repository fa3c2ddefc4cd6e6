package org.vistruct.core;

/** The kinds of structured record, named as in GA/T 1400. */
public enum RecordType {
    MotorVehicle, Face, Person;

    public static RecordType parse(String s) {
        for (RecordType t : values()) if (t.name().equalsIgnoreCase(s.trim())) return t;
        throw new IllegalArgumentException("unknown record type '" + s + "': use MotorVehicle, Face or Person");
    }
}
