package org.vistruct.gb28181.device;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where devices and their channels are kept across restarts (the server's metadata database). */
public interface DeviceStore {
    List<Device.Stored> load() throws IOException;

    /** Writes one device with its channels. */
    void save(Device.Stored device) throws IOException;

    /** Keeps nothing beyond the process: tests and benchmarks. */
    static DeviceStore inMemory() {
        Map<String, Device.Stored> kept = new ConcurrentHashMap<>();
        return new DeviceStore() {
            @Override
            public List<Device.Stored> load() { return List.copyOf(kept.values()); }

            @Override
            public void save(Device.Stored d) { kept.put(d.id(), d); }
        };
    }
}
