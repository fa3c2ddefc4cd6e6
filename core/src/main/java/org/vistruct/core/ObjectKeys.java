package org.vistruct.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/**
 * Object keys of record pictures: {@code <DeviceID>/<yyyy>/<MM>/<dd>/<HH>/<record id>-<kind>.jpg}
 * (inside the configured bucket), hours in the configured zone so an operator finds a camera's
 * pictures of an hour in one folder.
 */
public final class ObjectKeys {
    /** What a key may look like: safe path segments only, never "..", never absolute. */
    private static final Pattern VALID = Pattern.compile("^[0-9A-Za-z_-]{1,64}(/[0-9]{2,4}){4}/[0-9A-Za-z_-]{1,80}\\.jpg$");

    private ObjectKeys() {}

    public static String of(String deviceId, long epochMs, String recordId, String kind, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(zone);
        return String.format("%s/%04d/%02d/%02d/%02d/%s-%s.jpg", deviceId, t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), recordId, kind);
    }

    /** Refuses keys that are not of the form above (path traversal, other buckets, odd characters). */
    public static String requireValid(String key) {
        if (key == null || !VALID.matcher(key).matches()) {
            throw new IllegalArgumentException("not a picture key: '" + key + "' (expected DeviceID/yyyy/MM/dd/HH/id-kind.jpg)");
        }
        return key;
    }
}
