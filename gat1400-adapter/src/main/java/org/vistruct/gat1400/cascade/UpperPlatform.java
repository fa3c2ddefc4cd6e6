package org.vistruct.gat1400.cascade;

import java.util.Set;
import org.vistruct.core.RecordType;

/**
 * An upper 视图库 this one registers with and pushes to.
 *
 * @param id       the upper platform's own id (what its User-Identify says when it calls us)
 * @param address  its base URL, http://host:port
 * @param password the password of our id there
 * @param types    the record types pushed (empty: all)
 * @param devices  the devices whose records are pushed (empty: all)
 */
public record UpperPlatform(String id, String address, String password, Set<RecordType> types, Set<String> devices, long keepaliveMs) {
    public UpperPlatform {
        if (id == null || !id.matches("[0-9A-Za-z_-]{1,64}")) throw new IllegalArgumentException("upper platform id must be 1-64 letters or digits, was '" + id + "'");
        if (address == null || !address.matches("https?://[^/\\s]+")) throw new IllegalArgumentException("upper platform " + id + ": address must be http://host:port, was '" + address + "'");
        types = types == null ? Set.of() : Set.copyOf(types);
        devices = devices == null ? Set.of() : Set.copyOf(devices);
        if (keepaliveMs < 100) throw new IllegalArgumentException("upper platform " + id + ": keepalive interval below 100 ms");
    }
}
