package org.vistruct.gb28181.device;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device that ever registered, with its channels, kept in a {@link DeviceStore} so they
 * survive a restart: only the devices that changed are written, at most once a second, off the SIP
 * threads, and on close.
 */
public final class DeviceRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);
    private final DeviceStore store;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("gb28181-save").daemon().factory());

    public DeviceRegistry(DeviceStore store) throws IOException {
        this.store = store;
        for (Device.Stored s : store.load()) devices.put(s.id(), Device.of(s));
        saver.scheduleWithFixedDelay(this::saveDirty, 1, 1, TimeUnit.SECONDS);
    }

    public Device get(String id) { return devices.get(id); }

    public Device getOrCreate(String id) {
        return devices.computeIfAbsent(id, k -> {
            dirty.add(k);
            return new Device(k);
        });
    }

    public Collection<Device> all() { return devices.values(); }

    /** Marks a device to be written with the next save. */
    public void changed(Device d) { dirty.add(d.id()); }

    private void saveDirty() {
        for (String id : Set.copyOf(dirty)) {
            dirty.remove(id);
            Device d = devices.get(id);
            if (d == null) continue;
            try {
                store.save(d.stored());
            } catch (IOException | RuntimeException e) {
                dirty.add(id);
                log.error("device {}: cannot be saved ({}); tried again in a second", id, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        saver.shutdown();
        try {
            saver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveDirty();
    }
}
