package org.vistruct.metadata;

import java.io.IOException;

/**
 * Leases: work that one node of a cluster does at a time (a subscriber's webhook lane, a GA/T 1400
 * subscription's notifications). A node takes a lease that is free or expired, or renews its own, in
 * one statement; a node that dies stops renewing and another takes the lease when it expires.
 * Times are the nodes' clocks (UTC ms): keep them in step (NTP); a skew shortens or lengthens a
 * takeover, never gives one lease to two live holders for longer than the skew.
 */
public final class LeaseTable {
    private final MetadataDatabase db;

    public LeaseTable(MetadataDatabase db) { this.db = db; }

    /** Takes or renews the lease for {@code ttlMs}; true when {@code holder} holds it now. */
    public boolean hold(String name, String holder, long ttlMs) throws IOException {
        long now = System.currentTimeMillis();
        return db.write(c -> Sql.update(c, "INSERT INTO leases (name, holder, expires) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                + "expires = excluded.expires WHERE leases.holder = excluded.holder OR leases.expires < ?", name, holder, now + ttlMs, now)) == 1;
    }

    /** Gives a held lease up at once (an orderly stop), so another node need not wait for it to expire. */
    public void release(String name, String holder) throws IOException {
        db.write(c -> Sql.update(c, "DELETE FROM leases WHERE name = ? AND holder = ?", name, holder));
    }

    /** The holder of a lease that has not expired, or null. */
    public String holder(String name) throws IOException {
        long now = System.currentTimeMillis();
        return db.read(c -> Sql.one(c, "SELECT holder FROM leases WHERE name = ? AND expires >= ?", rs -> rs.getString(1), name, now));
    }
}
