package org.vistruct.analyzer;

/** What the analyzer hands out when an object's track ends: the makings of one record. */
public sealed interface Pass permits VehiclePass, FacePass, PersonPass {
    /** The record id, fixed when the track started. */
    String id();
}
