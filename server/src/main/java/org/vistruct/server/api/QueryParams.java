package org.vistruct.server.api;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.vistruct.core.ColorCode;
import org.vistruct.core.GaTime;
import org.vistruct.core.RecordType;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordQuery;
import org.vistruct.server.http.ApiRequest;

/** Reads the record filters of the API's query string, with the same meaning as the CLI's options. */
final class QueryParams {
    static final Set<String> FILTERS = Set.of("plate", "plateColor", "vehicleColor", "vehicleClass", "device", "from", "to", "type");

    private QueryParams() {}

    static RecordQuery of(ApiRequest r, ZoneId zone, int limit) {
        return new RecordQuery(r.param("plate") == null ? null : new PlatePattern(r.param("plate")),
                r.param("plateColor") == null ? null : ColorCode.parse(r.param("plateColor")),
                r.param("vehicleColor") == null ? null : ColorCode.parse(r.param("vehicleColor")),
                r.param("vehicleClass") == null ? null : VehicleClass.parse(r.param("vehicleClass")),
                devices(r), time(r, "from", zone), time(r, "to", zone), limit,
                r.params("type").stream().flatMap(t -> java.util.Arrays.stream(t.split(","))).filter(t -> !t.isBlank())
                        .map(RecordType::parse).collect(Collectors.toSet()));
    }

    static Set<String> devices(ApiRequest r) {
        Set<String> out = new HashSet<>();
        for (String d : r.params("device")) for (String one : d.split(",")) if (!one.isBlank()) out.add(one.trim());
        return out;
    }

    static Long time(ApiRequest r, String name, ZoneId zone) {
        String v = r.param(name);
        return v == null ? null : GaTime.parse(v, zone);
    }

    static boolean hasFilters(ApiRequest r) {
        return FILTERS.stream().anyMatch(f -> r.param(f) != null);
    }
}
