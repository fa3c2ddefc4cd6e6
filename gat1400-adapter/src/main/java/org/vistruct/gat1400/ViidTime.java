package org.vistruct.gat1400;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.vistruct.core.GaTime;

/**
 * GA/T 1400 times: the standard's yyyyMMddHHmmss in the platform's zone; also taken, because peers
 * send them, yyyyMMddHHmmssSSS (milliseconds appended) and "yyyy-MM-dd HH:mm:ss". A time that
 * cannot be read, or that lies years away from now, is an error of its object: it would put the
 * record where no search or retention rule finds it.
 */
public final class ViidTime {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    /** Earliest time taken: GA/T 1400 is from 2017; older clocks are unset clocks. */
    private static final long EARLIEST = 946_684_800_000L; // 2000-01-01
    /** A sender's clock may run ahead; a day is generous. */
    private static final long AHEAD_MS = 86_400_000L;

    private ViidTime() {}

    public static String format(long epochMs, ZoneId zone) { return GaTime.format(epochMs, zone); }

    /** Reads a time in any of the forms above; IllegalArgumentException when it is none of them. */
    public static long parse(String text, ZoneId zone) {
        String t = text.trim();
        if (t.length() == 17 && t.chars().allMatch(Character::isDigit)) {
            try {
                return LocalDateTime.parse(t, MILLIS).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("cannot read time '" + ViidJson.clip(text) + "'");
            }
        }
        try {
            return GaTime.parse(t, zone);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read time '" + ViidJson.clip(text) + "': use yyyyMMddHHmmss");
        }
    }

    /** A time member of an object, checked to be plausible; null when absent. */
    public static Long field(com.fasterxml.jackson.databind.JsonNode n, String name, ZoneId zone, long now) {
        String s = ViidJson.text(n, name);
        if (s == null) return null;
        long t;
        try {
            t = parse(s, zone);
        } catch (IllegalArgumentException e) {
            throw new ObjectError(name + ": " + e.getMessage());
        }
        if (t < EARLIEST || t > now + AHEAD_MS) throw new ObjectError(name + " " + s + " is not a plausible time (before 2000 or more than a day ahead)");
        return t;
    }
}
