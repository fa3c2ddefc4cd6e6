package org.vistruct.gb28181.device;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device that ever registered, with its channels, kept in {@code devices.json} so they
 * survive a restart (written at most once a second, off the SIP threads, and on close).
 */
public final class DeviceRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("gb28181-save").daemon().factory());

    public DeviceRegistry(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (Device.Stored s : JSON.readValue(file.toFile(), new TypeReference<List<Device.Stored>>() {})) devices.put(s.id(), Device.of(s));
        }
        saver.scheduleWithFixedDelay(this::saveIfDirty, 1, 1, TimeUnit.SECONDS);
    }

    public Device get(String id) { return devices.get(id); }

    public Device getOrCreate(String id) {
        return devices.computeIfAbsent(id, k -> {
            changed();
            return new Device(k);
        });
    }

    public Collection<Device> all() { return devices.values(); }

    public void changed() { dirty.set(true); }

    private void saveIfDirty() {
        if (!dirty.getAndSet(false)) return;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), devices.values().stream().map(Device::stored).toList());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            dirty.set(true);
            log.error("cannot save the device registry to {}: {}", file, e.getMessage());
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
        saveIfDirty();
    }
}
