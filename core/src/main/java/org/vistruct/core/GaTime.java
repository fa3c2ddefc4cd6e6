package org.vistruct.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** GA/T 1400 local times (yyyyMMddHHmmss) at the edges; UTC milliseconds inside. */
public final class GaTime {
    private static final DateTimeFormatter GA = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private GaTime() {}

    public static String format(long epochMs, ZoneId zone) {
        return GA.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    public static String formatReadable(long epochMs, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    /** Parses yyyy-MM-ddTHH:mm:ss, yyyy-MM-dd HH:mm:ss or yyyyMMddHHmmss in the given zone. */
    public static long parse(String text, ZoneId zone) {
        String t = text.trim();
        try {
            LocalDateTime ldt;
            if (t.matches("\\d{14}")) ldt = LocalDateTime.parse(t, GA);
            else ldt = LocalDateTime.parse(t.replace(' ', 'T'), ISO_LOCAL);
            return ldt.atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read time '" + text + "': use yyyy-MM-ddTHH:mm:ss or yyyyMMddHHmmss");
        }
    }
}
