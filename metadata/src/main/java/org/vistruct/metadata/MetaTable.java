package org.vistruct.metadata;

import java.io.IOException;

/** Small named facts about the installation (e.g. which legacy files were imported). */
public final class MetaTable {
    private final MetadataDatabase db;

    public MetaTable(MetadataDatabase db) { this.db = db; }

    public String get(String name) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT value FROM meta WHERE name = ?", rs -> rs.getString(1), name));
    }

    public void put(String name, String value) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", name, value));
    }
}
