package org.vistruct.analytics;

import java.util.Set;
import org.vistruct.core.ColorCode;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordQuery;

/**
 * The passes a question is about: a time range and optional filters (devices, plate pattern, plate
 * colour, vehicle colour, class). Checked against the settings when made into a filter.
 *
 * @param from inclusive, UTC ms
 * @param to   exclusive, UTC ms
 */
public record Scope(long from, long to, Set<String> devices, PlatePattern plate, ColorCode plateColor, ColorCode vehicleColor, VehicleClass vehicleClass) {
    public Scope {
        devices = devices == null ? Set.of() : Set.copyOf(devices);
        if (to <= from) throw new IllegalArgumentException("to: the time range ends before it starts");
    }

    public static Scope of(long from, long to) { return new Scope(from, to, Set.of(), null, null, null, null); }

    public Scope withDevices(Set<String> d) { return new Scope(from, to, d, plate, plateColor, vehicleColor, vehicleClass); }

    public Scope withPlate(PlatePattern p) { return new Scope(from, to, devices, p, plateColor, vehicleColor, vehicleClass); }

    public Scope withRange(long f, long t) { return new Scope(f, t, devices, plate, plateColor, vehicleColor, vehicleClass); }

    /** Refuses a range longer than the settings allow. */
    Scope checked(AnalyticsSettings s, String field) {
        long max = s.maxRangeDays() * 86_400_000L;
        if (to - from > max) {
            throw new IllegalArgumentException(field + ": the time range covers " + Math.round((to - from) / 86_400_000.0 * 10) / 10.0 + " days, more than the "
                    + s.maxRangeDays() + " allowed (analytics.max-range-days)");
        }
        return this;
    }

    RecordQuery query() {
        return new RecordQuery(plate, plateColor, vehicleColor, vehicleClass, devices, from, to, 1);
    }
}
