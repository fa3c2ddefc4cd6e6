package org.vistruct.metadata;

import java.io.IOException;
import java.util.List;

/** Device positions (longitude, latitude, a name), by hand or from a GB/T 28181 catalog. */
public final class PlaceTable {
    /** @param source "manual" (API, CLI, CSV) or "catalog" */
    public record PlaceRow(String deviceId, String name, double longitude, double latitude, String source, long updated) {}

    public static final String MANUAL = "manual", CATALOG = "catalog";
    private final MetadataDatabase db;

    public PlaceTable(MetadataDatabase db) { this.db = db; }

    /** Writes positions in one transaction; a catalog's never replace one set by hand. */
    public int save(List<PlaceRow> rows) throws IOException {
        return db.write(c -> {
            int n = 0;
            for (PlaceRow p : rows) {
                String guard = CATALOG.equals(p.source()) ? " WHERE places.source <> 'manual'" : "";
                n += Sql.update(c, "INSERT INTO places (device_id, name, longitude, latitude, source, updated) VALUES (?, ?, ?, ?, ?, ?) "
                                + "ON CONFLICT (device_id) DO UPDATE SET name = COALESCE(excluded.name, places.name), longitude = excluded.longitude, "
                                + "latitude = excluded.latitude, source = excluded.source, updated = excluded.updated" + guard,
                        p.deviceId(), p.name(), Sql.doubleOrNull(p.longitude()), Sql.doubleOrNull(p.latitude()), p.source(), p.updated());
            }
            return n;
        });
    }

    public List<PlaceRow> all() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM places ORDER BY device_id", rs -> new PlaceRow(rs.getString("device_id"), rs.getString("name"),
                rs.getDouble("longitude"), rs.getDouble("latitude"), rs.getString("source"), rs.getLong("updated"))));
    }

    public boolean delete(String deviceId) throws IOException {
        return db.write(c -> Sql.update(c, "DELETE FROM places WHERE device_id = ?", deviceId)) > 0;
    }
}
