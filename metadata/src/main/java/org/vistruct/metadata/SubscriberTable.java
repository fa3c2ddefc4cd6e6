package org.vistruct.metadata;

import java.io.IOException;
import java.util.List;

/** Webhook subscribers, each a JSON body (it carries the signing secret: the database is as private as the data directory). */
public final class SubscriberTable {
    /** One subscriber as stored. */
    public record SubscriberRow(String id, long created, String body) {}

    private final MetadataDatabase db;

    public SubscriberTable(MetadataDatabase db) { this.db = db; }

    public boolean insert(SubscriberRow r) throws IOException {
        return db.write(c -> Sql.update(c, "INSERT INTO subscribers (id, created, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING", r.id(), r.created(), r.body())) > 0;
    }

    /** Removes a subscriber and everything still waiting in its outbox. */
    public boolean delete(String id) throws IOException {
        return db.write(c -> {
            Sql.update(c, "DELETE FROM outbox WHERE subscriber_id = ?", id);
            return Sql.update(c, "DELETE FROM subscribers WHERE id = ?", id);
        }) > 0;
    }

    public List<SubscriberRow> all() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM subscribers ORDER BY created, id", rs -> new SubscriberRow(rs.getString("id"), rs.getLong("created"), rs.getString("body"))));
    }
}
