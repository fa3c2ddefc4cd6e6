package org.vistruct.index;

import java.util.List;
import java.util.Set;
import org.vistruct.core.RecordType;

/**
 * A walk over records for maintenance (retention, backups, sweeps), not a search: which types, on
 * which devices, older than what, and optionally only those that still keep a scene picture.
 *
 * @param types          record types, empty for all
 * @param devices        device patterns the record's DeviceID must match: an id, or a prefix ending in *; empty for all
 * @param exceptDevices  device patterns the record's DeviceID must not match
 * @param before         only records whose time (PassTime, ShotTime) is before this (exclusive), or null
 * @param onlyWithScene  only records that still have a scene picture
 */
public record RecordScan(Set<RecordType> types, List<String> devices, List<String> exceptDevices, Long before, boolean onlyWithScene) {
    public RecordScan {
        types = types == null ? Set.of() : Set.copyOf(types);
        devices = devices == null ? List.of() : List.copyOf(devices);
        exceptDevices = exceptDevices == null ? List.of() : List.copyOf(exceptDevices);
        for (String p : devices) check(p);
        for (String p : exceptDevices) check(p);
    }

    private static void check(String pattern) {
        if (pattern.isEmpty() || pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
            throw new IllegalArgumentException("device pattern '" + pattern + "' must be an id or a prefix ending in *");
        }
    }

    /** Every record. */
    public static RecordScan all() { return new RecordScan(Set.of(), List.of(), List.of(), null, false); }
}
