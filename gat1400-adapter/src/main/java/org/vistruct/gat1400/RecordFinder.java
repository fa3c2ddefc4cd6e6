package org.vistruct.gat1400;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.vistruct.core.ColorCode;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;

/** Searches records for GA/T 1400 queries (GET /VIID/MotorVehicles and the like). */
public interface RecordFinder {
    /**
     * @param plate        plate with * and ? wildcards, or null
     * @param offset       records skipped (RecordStartNo - 1)
     */
    record Query(RecordType type, Set<String> devices, Long from, Long to, String plate, ColorCode plateColor, ColorCode vehicleColor,
                 VehicleClass vehicleClass, int offset, int limit) {}

    /** Matching records, newest first, and how many match. */
    record Page(long total, List<StructuredRecord> records) {}

    Page find(Query q) throws IOException;

    /** One record by id, or null. */
    StructuredRecord get(String id) throws IOException;
}
