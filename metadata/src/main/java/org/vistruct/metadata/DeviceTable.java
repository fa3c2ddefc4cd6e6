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

    /**
     * A device a GA/T 1400 sender described (APE, tollgate, lane): its kind, position and the object as sent.
     *
     * @param reportedOnline what the sender said (1 online, 0 not), or null
     */
    public record DirectoryRow(String id, String kind, String name, Double longitude, Double latitude, String placeCode, String parentId, String sender,
                               Integer reportedOnline, String body) {}

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

    /** Writes devices of a sender's directory in one transaction; a GB/T 28181 device of the same id keeps what it said of itself. */
    public void saveDirectory(List<DirectoryRow> rows) throws IOException {
        long now = System.currentTimeMillis();
        db.write(c -> {
            for (DirectoryRow d : rows) {
                Sql.update(c, "INSERT INTO devices (id, name, kind, longitude, latitude, place_code, parent_id, sender, reported_online, body, updated) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = COALESCE(excluded.name, devices.name), "
                                + "kind = excluded.kind, longitude = excluded.longitude, latitude = excluded.latitude, place_code = excluded.place_code, "
                                + "parent_id = excluded.parent_id, sender = excluded.sender, reported_online = excluded.reported_online, body = excluded.body, "
                                + "updated = excluded.updated",
                        d.id(), d.name(), d.kind(), Sql.doubleOrNull(d.longitude()), Sql.doubleOrNull(d.latitude()), d.placeCode(), d.parentId(), d.sender(),
                        Sql.intOrNull(d.reportedOnline()), d.body(), now);
            }
            return null;
        });
    }

    /** The devices GA/T 1400 senders described, of one kind (APE, TOLLGATE, LANE) or all (null). */
    public List<DirectoryRow> directory(String kind) throws IOException {
        return db.read(c -> Sql.list(c, kind == null ? "SELECT * FROM devices WHERE kind IS NOT NULL ORDER BY id" : "SELECT * FROM devices WHERE kind = ? ORDER BY id",
                rs -> new DirectoryRow(rs.getString("id"), rs.getString("kind"), rs.getString("name"), Sql.getDouble(rs, "longitude"), Sql.getDouble(rs, "latitude"),
                        rs.getString("place_code"), rs.getString("parent_id"), rs.getString("sender"), (Integer) (Sql.getLong(rs, "reported_online") == null ? null
                        : Sql.getLong(rs, "reported_online").intValue()), rs.getString("body")), kind == null ? new Object[0] : new Object[] {kind}));
    }

    public long count() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM devices"));
    }

    private static ChannelRow channel(ResultSet rs) throws SQLException {
        return new ChannelRow(rs.getString("id"), rs.getString("name"), rs.getString("manufacturer"), rs.getString("model"), rs.getString("status"),
                rs.getString("parent_id"), rs.getString("civil_code"), rs.getString("address"));
    }
}
