package org.vistruct.core;

import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GA/T 1400 object identifiers (48 characters): the 41-character picture id (DeviceID 20 +
 * type 2 + time 14 + sequence 5), then the object type (2) and a second sequence (5) offset by a
 * per-process random salt.
 */
public final class RecordIds {
    private static final String PICTURE_TYPE_VIDEO_ANALYSIS = "02";

    private final AtomicInteger sequence;
    /** Differs between processes (and jobs), so two runs over the same device and second do not make the same id. */
    private final int salt;
    private final ZoneId zone;

    public RecordIds(ZoneId zone) { this(zone, new java.security.SecureRandom().nextInt(100_000), 0); }

    /**
     * Ids that a job can make again: the same salt and the sequence where it left off give the same
     * ids to the same objects when it resumes.
     */
    public RecordIds(ZoneId zone, int salt, int nextSequence) {
        this.zone = zone;
        this.salt = Math.floorMod(salt, 100_000);
        this.sequence = new AtomicInteger(nextSequence);
    }

    /** The sequence number the next id will take. */
    public int nextSequence() { return sequence.get(); }

    public String next(String deviceId, long epochMs, RecordType type) {
        String objectType = switch (type) {
            case Person -> "01";
            case MotorVehicle -> "02";
            case Face -> "06";
            case NonMotorVehicle -> "03";
        };
        int seq = sequence.getAndIncrement() % 100_000;
        String device = normaliseDevice(deviceId);
        return device + PICTURE_TYPE_VIDEO_ANALYSIS + GaTime.format(epochMs, zone) + String.format("%05d", seq)
                + objectType + String.format("%05d", (salt + seq) % 100_000);
    }

    /** DeviceIDs are 20 digits; shorter ids are left-padded with zeros, longer ones truncated. */
    static String normaliseDevice(String deviceId) {
        StringBuilder digits = new StringBuilder();
        for (char c : deviceId.toCharArray()) digits.append(Character.isDigit(c) ? c : '0');
        String d = digits.toString();
        if (d.length() >= 20) return d.substring(0, 20);
        return "0".repeat(20 - d.length()) + d;
    }
}
