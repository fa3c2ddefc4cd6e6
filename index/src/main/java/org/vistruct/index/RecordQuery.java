package org.vistruct.index;

import java.util.Set;
import org.vistruct.core.ColorCode;
import org.vistruct.core.RecordType;
import org.vistruct.core.VehicleClass;

/**
 * What an investigator asks for; every field is optional (null or empty means any). Results come
 * newest first. Plate and vehicle filters only match MotorVehicle records.
 *
 * @param from inclusive, UTC ms
 * @param to   exclusive, UTC ms
 */
public record RecordQuery(PlatePattern plate, ColorCode plateColor, ColorCode vehicleColor, VehicleClass vehicleClass,
                          Set<String> deviceIds, Long from, Long to, int limit, Set<RecordType> types) {
    public static final int MAX_LIMIT = 10_000;

    public RecordQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", was " + limit);
        if (from != null && to != null && from >= to) throw new IllegalArgumentException("the time range ends before it starts");
        deviceIds = deviceIds == null ? Set.of() : Set.copyOf(deviceIds);
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** A query over records of any type. */
    public RecordQuery(PlatePattern plate, ColorCode plateColor, ColorCode vehicleColor, VehicleClass vehicleClass,
                       Set<String> deviceIds, Long from, Long to, int limit) {
        this(plate, plateColor, vehicleColor, vehicleClass, deviceIds, from, to, limit, Set.of());
    }

    public static RecordQuery all(int limit) { return new RecordQuery(null, null, null, null, Set.of(), null, null, limit); }

    public RecordQuery withTypes(Set<RecordType> t) {
        return new RecordQuery(plate, plateColor, vehicleColor, vehicleClass, deviceIds, from, to, limit, t);
    }
}
