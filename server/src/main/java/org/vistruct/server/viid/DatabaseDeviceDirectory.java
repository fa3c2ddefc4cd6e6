package org.vistruct.server.viid;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vistruct.gat1400.DeviceDirectory;
import org.vistruct.metadata.DeviceTable;

/**
 * GA/T 1400 senders' devices in the metadata database's device table, beside the GB/T 28181 ones;
 * their status from the registrations (a sender online) and what the senders reported.
 */
final class DatabaseDeviceDirectory implements DeviceDirectory {
    private final DeviceTable table;
    private final Supplier<Map<String, Boolean>> live;

    /** @param live the online state of registered senders and GB/T 28181 devices, by id */
    DatabaseDeviceDirectory(DeviceTable table, Supplier<Map<String, Boolean>> live) {
        this.table = table;
        this.live = live;
    }

    @Override
    public void save(List<Device> devices) throws IOException {
        table.saveDirectory(devices.stream().map(d -> new DeviceTable.DirectoryRow(d.id(), d.kind().name(), d.name(), d.longitude(), d.latitude(), d.placeCode(),
                d.parentId(), d.sender(), d.online() == null ? null : d.online() ? 1 : 0, d.body())).toList());
    }

    @Override
    public List<Device> all(Kind kind) throws IOException {
        return table.directory(kind == null ? null : kind.name()).stream().map(r -> new Device(r.id(), Kind.valueOf(r.kind()), r.name(), r.longitude(), r.latitude(),
                r.placeCode(), r.parentId(), r.reportedOnline() == null ? null : r.reportedOnline() == 1, r.sender(), r.body())).toList();
    }

    /** A device described by a sender is online while the sender is, unless the sender reported it offline. */
    @Override
    public Map<String, Boolean> status() throws IOException {
        Map<String, Boolean> senders = live.get();
        Map<String, Boolean> out = new LinkedHashMap<>(senders);
        for (Device d : all(Kind.APE)) {
            boolean senderOnline = senders.getOrDefault(d.sender(), false) || senders.getOrDefault(d.id(), false);
            out.put(d.id(), senderOnline && !Boolean.FALSE.equals(d.online()));
        }
        return out;
    }
}
