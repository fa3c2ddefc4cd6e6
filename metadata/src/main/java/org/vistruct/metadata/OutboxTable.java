package org.vistruct.metadata;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Deliveries not yet acknowledged: per subscriber, the exact body to POST. A row is written in the
 * transaction that raises its alert and deleted only after the subscriber answered 2xx, so a
 * restart at any point sends again what was not acknowledged: at least once.
 */
public final class OutboxTable {
    /** One pending delivery. */
    public record Delivery(String subscriberId, String alertId, long triggerTime, String body) {}

    private final MetadataDatabase db;

    public OutboxTable(MetadataDatabase db) { this.db = db; }

    public void put(String subscriberId, String alertId, long triggerTime, String body) throws IOException {
        db.write(c -> {
            put(c, subscriberId, alertId, triggerTime, body);
            return null;
        });
    }

    static void put(Connection c, String subscriberId, String alertId, long triggerTime, String body) throws SQLException {
        Sql.update(c, "INSERT INTO outbox (subscriber_id, alert_id, trigger_time, body) VALUES (?, ?, ?, ?) ON CONFLICT (subscriber_id, alert_id) DO NOTHING",
                subscriberId, alertId, triggerTime, body);
    }

    /** A subscriber's oldest pending deliveries, at most limit. */
    public List<Delivery> pending(String subscriberId, int limit) throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM outbox WHERE subscriber_id = ? ORDER BY trigger_time, alert_id LIMIT ?",
                rs -> new Delivery(rs.getString("subscriber_id"), rs.getString("alert_id"), rs.getLong("trigger_time"), rs.getString("body")), subscriberId, limit));
    }

    public void done(String subscriberId, String alertId) throws IOException {
        db.write(c -> Sql.update(c, "DELETE FROM outbox WHERE subscriber_id = ? AND alert_id = ?", subscriberId, alertId));
    }

    public long count(String subscriberId) throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE subscriber_id = ?", subscriberId));
    }

    public long countAll() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM outbox"));
    }
}
