package org.vistruct.metadata;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GB/T 28181 devices and their channels, as the devices described themselves. A change writes one device's rows. */
public final class DeviceTable {
    /** A channel row. */
    public record ChannelRow(String id, String name, String manufacturer, String model, String status, String parentId, String civilCode, String address) {}

    /** A device row with its channels. */
    public record DeviceRow(String id, String name, String manufacturer, String model, String firmware, String charset, List<ChannelRow> channels) {}

    private final MetadataDatabase db;

    public DeviceTable(MetadataDatabase db) { this.db = db; }

    /** Writes a device and replaces its channels, in one transaction. */
    public void save(DeviceRow d) throws IOException {
        db.write(c -> {
            Sql.update(c, "INSERT INTO devices (id, name, manufacturer, model, firmware, charset, updated) VALUES (?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, manufacturer = excluded.manufacturer, model = excluded.model, "
                            + "firmware = excluded.firmware, charset = excluded.charset, updated = excluded.updated",
                    d.id(), d.name(), d.manufacturer(), d.model(), d.firmware(), d.charset(), System.currentTimeMillis());
            Sql.update(c, "DELETE FROM channels WHERE device_id = ?", d.id());
            for (ChannelRow ch : d.channels()) {
                Sql.update(c, "INSERT INTO channels (device_id, id, name, manufacturer, model, status, parent_id, civil_code, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        d.id(), ch.id(), ch.name(), ch.manufacturer(), ch.model(), ch.status(), ch.parentId(), ch.civilCode(), ch.address());
            }
            return null;
        });
    }

    public List<DeviceRow> all() throws IOException {
        return db.read(c -> {
            Map<String, List<ChannelRow>> channels = new LinkedHashMap<>();
            for (Object[] r : Sql.list(c, "SELECT * FROM channels ORDER BY device_id, id", rs -> new Object[] {rs.getString("device_id"), channel(rs)})) {
                channels.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((ChannelRow) r[1]);
            }
            return Sql.list(c, "SELECT * FROM devices ORDER BY id", rs -> new DeviceRow(rs.getString("id"), rs.getString("name"), rs.getString("manufacturer"),
                    rs.getString("model"), rs.getString("firmware"), rs.getString("charset"), List.copyOf(channels.getOrDefault(rs.getString("id"), List.of()))));
        });
    }

    public long count() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM devices"));
    }

    private static ChannelRow channel(ResultSet rs) throws SQLException {
        return new ChannelRow(rs.getString("id"), rs.getString("name"), rs.getString("manufacturer"), rs.getString("model"), rs.getString("status"),
                rs.getString("parent_id"), rs.getString("civil_code"), rs.getString("address"));
    }
}
