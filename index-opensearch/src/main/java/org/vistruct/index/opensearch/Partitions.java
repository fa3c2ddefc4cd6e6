package org.vistruct.index.opensearch;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Which monthly index holds a record. A record stays in one index for life, whatever happens to its
 * time between versions: the month is read from its id when the id is a GA/T 1400 object id (its
 * 14-digit time follows the 20-digit device and the 2-digit type), else from its time (UTC). So a lookup by id knows
 * the index without searching, and a month that has expired whole is dropped as one index.
 */
final class Partitions {
    private final String prefix;

    Partitions(String prefix) { this.prefix = prefix; }

    /** The alias over every monthly index: what searches read. */
    String alias() { return prefix; }

    /** The wildcard naming every monthly index (for the template). */
    String pattern() { return prefix + "-*"; }

    String indexOf(String id, long time) {
        YearMonth m = monthOfId(id);
        if (m == null) m = YearMonth.from(Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC));
        return name(m);
    }

    /** The index a record with this id is in when its id says so, else null (then only a search over the alias finds it). */
    String indexOfId(String id) {
        YearMonth m = monthOfId(id);
        return m == null ? null : name(m);
    }

    String name(YearMonth m) { return prefix + "-" + String.format("%04d.%02d", m.getYear(), m.getMonthValue()); }

    /** Whether a name is one of these monthly indices (PREFIX-yyyy.MM). */
    boolean isMonthly(String name) {
        return name != null && name.length() == prefix.length() + 8 && name.startsWith(prefix + "-") && name.substring(prefix.length() + 1).matches("\\d{4}\\.\\d{2}");
    }

    /** The first instant of the month a monthly index holds (UTC ms). */
    long startOf(String name) { return start(month(name)); }

    /** The first instant after it. */
    long endOf(String name) { return start(month(name).plusMonths(1)); }

    private YearMonth month(String name) {
        return YearMonth.of(Integer.parseInt(name.substring(prefix.length() + 1, prefix.length() + 5)), Integer.parseInt(name.substring(prefix.length() + 6)));
    }

    private static long start(YearMonth m) { return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(); }

    static YearMonth monthOfId(String id) {
        if (id == null || id.length() != 48) return null;
        for (int i = 22; i < 28; i++) if (!Character.isDigit(id.charAt(i))) return null;
        int year = Integer.parseInt(id.substring(22, 26)), month = Integer.parseInt(id.substring(26, 28));
        if (year < 1970 || year > 2999 || month < 1 || month > 12) return null;
        return YearMonth.of(year, month);
    }
}
