package org.vistruct.metadata;

import java.io.IOException;
import java.util.List;

/** Watch-list entries (布控), each a JSON body with its list and kind as columns: one row per change, whatever the list's size. */
public final class WatchTable {
    /** One entry as stored. */
    public record WatchRow(String id, String list, String kind, long created, String body) {}

    private final MetadataDatabase db;

    public WatchTable(MetadataDatabase db) { this.db = db; }

    /** Inserts an entry; false when one with this id exists. */
    public boolean insert(WatchRow r) throws IOException {
        return db.write(c -> {
            boolean added = Sql.update(c, "INSERT INTO watch_entries (id, list_name, kind, created, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    r.id(), r.list(), r.kind(), r.created(), r.body()) > 0;
            if (added) Counters.next(c, VERSION);
            return added;
        });
    }

    /** Moves at every change, in the change's transaction: other nodes reload their lookups when it differs from what they loaded. */
    static final String VERSION = "watch-version";

    /** The watch lists' version (0 before any change). */
    public long version() throws IOException {
        return db.read(c -> {
            Long v = Sql.one(c, "SELECT value FROM counters WHERE name = ?", rs -> rs.getLong(1), VERSION);
            return v == null ? 0L : v;
        });
    }

    /** Inserts many in one transaction (imports); existing ids are left as they are. */
    public void insertAll(List<WatchRow> rows) throws IOException {
        db.write(c -> {
            for (WatchRow r : rows) {
                Sql.update(c, "INSERT INTO watch_entries (id, list_name, kind, created, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        r.id(), r.list(), r.kind(), r.created(), r.body());
            }
            Counters.next(c, VERSION);
            return null;
        });
    }

    public boolean delete(String id) throws IOException {
        return db.write(c -> {
            boolean gone = Sql.update(c, "DELETE FROM watch_entries WHERE id = ?", id) > 0;
            if (gone) Counters.next(c, VERSION);
            return gone;
        });
    }

    public List<WatchRow> all() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM watch_entries ORDER BY created, id",
                rs -> new WatchRow(rs.getString("id"), rs.getString("list_name"), rs.getString("kind"), rs.getLong("created"), rs.getString("body"))));
    }

    public long count() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM watch_entries"));
    }
}
