package org.vistruct.analyzer;

/**
 * What the analyzer hands out when an object's track ends: the makings of one record. Vehicles and
 * faces are also handed out early, provisionally, while still in view; their final pass (same id)
 * replaces that record.
 */
public sealed interface Pass permits VehiclePass, FacePass, PersonPass {
    /** The record id, fixed when the track started. */
    String id();

    /** Whether this is an early pass that the final one (same id) will replace. */
    default boolean provisional() { return false; }
}
