package org.vistruct.core;

/** The kinds of structured record, named as in GA/T 1400. */
public enum RecordType {
    MotorVehicle, Face, Person, NonMotorVehicle;

    /** The record class of this type (for readers of stored JSON). */
    public Class<? extends StructuredRecord> recordClass() {
        return switch (this) {
            case MotorVehicle -> org.vistruct.core.MotorVehicle.class;
            case Face -> org.vistruct.core.Face.class;
            case Person -> org.vistruct.core.Person.class;
            case NonMotorVehicle -> org.vistruct.core.NonMotorVehicle.class;
        };
    }

    public static RecordType parse(String s) {
        for (RecordType t : values()) if (t.name().equalsIgnoreCase(s.trim())) return t;
        throw new IllegalArgumentException("unknown record type '" + s + "': use MotorVehicle, Face, Person or NonMotorVehicle");
    }
}
