package org.vistruct.server;

import java.io.IOException;
import java.util.List;
import org.vistruct.gb28181.device.Channel;
import org.vistruct.gb28181.device.Device;
import org.vistruct.gb28181.device.DeviceStore;
import org.vistruct.metadata.DeviceTable;

/** GB/T 28181 devices kept in the metadata database's device and channel tables. */
final class DatabaseDeviceStore implements DeviceStore {
    private final DeviceTable table;
    private final java.util.function.Consumer<List<Channel>> positioned;

    DatabaseDeviceStore(DeviceTable table) { this(table, c -> { }); }

    /** @param positioned told of the channels whose catalog gave a position (they become places) */
    DatabaseDeviceStore(DeviceTable table, java.util.function.Consumer<List<Channel>> positioned) {
        this.table = table;
        this.positioned = positioned;
    }

    @Override
    public List<Device.Stored> load() throws IOException {
        return table.all().stream().map(d -> new Device.Stored(d.id(), d.name(), d.manufacturer(), d.model(), d.firmware(), d.charset(),
                d.channels().stream().map(c -> new Channel(c.id(), c.name(), c.manufacturer(), c.model(), c.status(), c.parentId(), c.civilCode(), c.address()))
                        .toList())).toList();
    }

    @Override
    public void save(Device.Stored d) throws IOException {
        table.save(row(d));
        List<Channel> placed = d.channels() == null ? List.of() : d.channels().stream().filter(Channel::hasPosition).toList();
        if (!placed.isEmpty()) positioned.accept(placed);
    }

    static DeviceTable.DeviceRow row(Device.Stored d) {
        List<Channel> channels = d.channels() == null ? List.of() : d.channels();
        return new DeviceTable.DeviceRow(d.id(), d.name(), d.manufacturer(), d.model(), d.firmware(), d.charset(), channels.stream()
                .map(c -> new DeviceTable.ChannelRow(c.id(), c.name(), c.manufacturer(), c.model(), c.status(), c.parentId(), c.civilCode(), c.address())).toList());
    }
}
