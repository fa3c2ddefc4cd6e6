package org.vistruct.analytics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The devices whose positions are known, at one moment (the server rebuilds it when positions change). */
public final class Places {
    private final Map<String, Place> byDevice;

    public Places(Collection<Place> places) {
        this.byDevice = places.stream().collect(Collectors.toUnmodifiableMap(Place::deviceId, Function.identity(), (a, b) -> b));
    }

    public static Places none() { return new Places(List.of()); }

    /** The place of a device, or null when its position is not known. */
    public Place of(String deviceId) { return byDevice.get(deviceId); }

    public Collection<Place> all() { return byDevice.values(); }

    public int size() { return byDevice.size(); }

    /** Refuses, naming them, when any of the devices has no position (for analytics that need distances). */
    public void requirePositions(Collection<String> devices, String forWhat) {
        TreeSet<String> missing = new TreeSet<>();
        for (String d : devices) if (!byDevice.containsKey(d)) missing.add(d);
        if (missing.isEmpty()) return;
        String named = missing.stream().limit(20).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(forWhat + " needs device positions; " + missing.size() + " device(s) have none: " + named
                + (missing.size() > 20 ? ", …" : "") + " (set them with PUT /api/v1/devices/{id}/place, `vistruct places import FILE.csv` or the Devices tab)");
    }
}
