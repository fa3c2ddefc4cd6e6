package org.vistruct.metadata;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every alert raised, as its JSON body with the columns alerts are listed by. Raising an alert
 * writes the alert, its outbox rows and the evidence hold on its record in one transaction, so
 * none of the three exists without the others.
 */
public final class AlertTable {
    /** One alert as stored. */
    public record AlertRow(String id, long triggerTime, String entryId, String list, String deviceId, String recordId, String plateNo, String body) {}

    /**
     * What a listing asks for; null fields mean any.
     *
     * @param plateLike a SQL LIKE pattern over the plate read (% any run, _ one character)
     */
    public record Filter(Long from, Long to, String entryId, String list, String deviceId, String recordId, String plateLike) {}

    /** One page of alerts, newest first, and how many match. */
    public record Page(long total, List<String> bodies) {}

    private final MetadataDatabase db;

    public AlertTable(MetadataDatabase db) { this.db = db; }

    /**
     * Logs an alert with what it sets going: a delivery for each subscriber that wants it and a hold
     * on its record. False (and nothing written) when an alert with this id was already raised.
     */
    public boolean raise(AlertRow a, List<String> subscriberIds, String deliveryBody, HoldTable.Hold hold) throws IOException {
        java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
        for (String s : subscriberIds) bodies.put(s, deliveryBody);
        return raise(a, bodies, hold);
    }

    /** As above, with each subscriber's own body (subscribers that take alerts in different forms). */
    public boolean raise(AlertRow a, java.util.Map<String, String> bodiesBySubscriber, HoldTable.Hold hold) throws IOException {
        return db.write(c -> {
            if (!insert(c, a)) return false;
            for (var e : bodiesBySubscriber.entrySet()) OutboxTable.put(c, e.getKey(), a.id(), a.triggerTime(), e.getValue());
            if (hold != null) HoldTable.insert(c, hold);
            return true;
        });
    }

    /** Inserts an alert alone (imports); false when it exists. */
    public boolean insertIfAbsent(AlertRow a) throws IOException {
        return db.write(c -> insert(c, a));
    }

    static boolean insert(Connection c, AlertRow a) throws SQLException {
        return Sql.update(c, "INSERT INTO alerts (id, trigger_time, entry_id, list_name, device_id, record_id, plate_no, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO NOTHING", a.id(), a.triggerTime(), a.entryId(), a.list(), a.deviceId(), a.recordId(), a.plateNo(), a.body()) > 0;
    }

    public String get(String id) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT body FROM alerts WHERE id = ?", rs -> rs.getString(1), id));
    }

    /** The bodies of the alerts a record raised, oldest first. */
    public List<String> ofRecord(String recordId) throws IOException {
        return db.read(c -> Sql.list(c, "SELECT body FROM alerts WHERE record_id = ? ORDER BY trigger_time, id", rs -> rs.getString(1), recordId));
    }

    /** Ids of the alerts a record raised. */
    public List<String> idsOfRecord(String recordId) throws IOException {
        return db.read(c -> Sql.list(c, "SELECT id FROM alerts WHERE record_id = ? ORDER BY trigger_time, id", rs -> rs.getString(1), recordId));
    }

    public Page find(Filter f, int offset, int limit) throws IOException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        Sql.and(where, args, "trigger_time >= ?", f.from());
        Sql.and(where, args, "trigger_time < ?", f.to());
        Sql.and(where, args, "entry_id = ?", f.entryId());
        Sql.and(where, args, "list_name = ?", f.list());
        Sql.and(where, args, "device_id = ?", f.deviceId());
        Sql.and(where, args, "record_id = ?", f.recordId());
        Sql.and(where, args, "plate_no LIKE ?", f.plateLike());
        return db.read(c -> {
            long total = Sql.count(c, "SELECT COUNT(*) FROM alerts" + where, args.toArray());
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(limit);
            pageArgs.add(offset);
            List<String> bodies = Sql.list(c, "SELECT body FROM alerts" + where + " ORDER BY trigger_time DESC, id DESC LIMIT ? OFFSET ?",
                    rs -> rs.getString(1), pageArgs.toArray());
            return new Page(total, bodies);
        });
    }


    public long count() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM alerts"));
    }
}
