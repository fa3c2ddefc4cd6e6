package org.vistruct.metadata;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Named sequences whose values are never handed out twice, also across restarts and nodes (job ids). */
public final class Counters {
    private final MetadataDatabase db;

    public Counters(MetadataDatabase db) { this.db = db; }

    /** The next value of a sequence (1 first). */
    public long next(String name) throws IOException {
        return db.write(c -> next(c, name));
    }

    static long next(Connection c, String name) throws SQLException {
        // the update takes the row's lock first, so two nodes never read the same value
        if (Sql.update(c, "UPDATE counters SET value = value + 1 WHERE name = ?", name) == 0) {
            Sql.update(c, "INSERT INTO counters (name, value) VALUES (?, 1)", name);
        }
        return Sql.count(c, "SELECT value FROM counters WHERE name = ?", name);
    }

    /** Moves a sequence forward to at least {@code value} (imports of old ids). */
    public void atLeast(String name, long value) throws IOException {
        db.write(c -> {
            next(c, name);
            Sql.update(c, "UPDATE counters SET value = ? WHERE name = ? AND value < ?", value, name, value);
            return null;
        });
    }
}
