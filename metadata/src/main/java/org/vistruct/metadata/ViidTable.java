package org.vistruct.metadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * GA/T 1400 state: subscriptions other platforms made here, the positions of the readers of the
 * record feed (subscriptions, upper platforms), received notifications, and dispositions.
 */
public final class ViidTable {
    /** A subscription as stored. */
    public record SubscriptionRow(String id, String subscriber, String state, long created, long updated, String body) {}

    /** A reader's position and the digest of the last directory it sent. */
    public record CursorRow(String name, long position, String digest, long updated) {}

    /** A received notification. */
    public record NoticeRow(String kind, String id, String refId, String sender, long received, int objects, String body) {}

    /** A disposition made here by another platform. */
    public record DispositionRow(String id, String sender, long created, String body) {}

    private final MetadataDatabase db;

    public ViidTable(MetadataDatabase db) { this.db = db; }

    public void saveSubscription(SubscriptionRow r) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO viid_subscriptions (id, subscriber, state, created, updated, body) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET subscriber = excluded.subscriber, state = excluded.state, updated = excluded.updated, body = excluded.body",
                r.id(), r.subscriber(), r.state(), r.created(), r.updated(), r.body()));
    }

    public List<SubscriptionRow> subscriptions() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM viid_subscriptions ORDER BY created, id", rs -> new SubscriptionRow(rs.getString("id"),
                rs.getString("subscriber"), rs.getString("state"), rs.getLong("created"), rs.getLong("updated"), rs.getString("body"))));
    }

    public CursorRow cursor(String name) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT * FROM viid_cursors WHERE name = ?", rs -> new CursorRow(rs.getString("name"), rs.getLong("position"),
                rs.getString("digest"), rs.getLong("updated")), name));
    }

    public void saveCursor(String name, long position, String digest) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO viid_cursors (name, position, digest, updated) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET position = excluded.position, digest = excluded.digest, updated = excluded.updated", name, position, digest,
                System.currentTimeMillis()));
    }

    public void deleteCursor(String name) throws IOException {
        db.write(c -> Sql.update(c, "DELETE FROM viid_cursors WHERE name = ?", name));
    }

    /** Keeps a notification once (a repeat of the same kind and id is ignored). */
    public void notice(NoticeRow n) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO viid_notices (kind, id, ref_id, sender, received, objects, body) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (kind, id) DO NOTHING", n.kind(), n.id(), n.refId(), n.sender(), n.received(), n.objects(), n.body()));
    }

    /** The newest notifications of a kind, of one subscription or disposition when refId is given. */
    public List<NoticeRow> notices(String kind, String refId, int limit) throws IOException {
        List<Object> args = new ArrayList<>(List.of(kind));
        StringBuilder where = new StringBuilder("kind = ?");
        Sql.and(where, args, "ref_id = ?", refId);
        args.add(limit);
        return db.read(c -> Sql.list(c, "SELECT * FROM viid_notices WHERE " + where + " ORDER BY received DESC, id LIMIT ?", rs -> new NoticeRow(rs.getString("kind"),
                rs.getString("id"), rs.getString("ref_id"), rs.getString("sender"), rs.getLong("received"), rs.getInt("objects"), rs.getString("body")), args.toArray()));
    }

    public long countNotices(String kind, String refId) throws IOException {
        List<Object> args = new ArrayList<>(List.of(kind));
        StringBuilder where = new StringBuilder("kind = ?");
        Sql.and(where, args, "ref_id = ?", refId);
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM viid_notices WHERE " + where, args.toArray()));
    }

    public void saveDisposition(DispositionRow r) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO viid_dispositions (id, sender, created, body) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET sender = excluded.sender, body = excluded.body", r.id(), r.sender(), r.created(), r.body()));
    }

    public boolean deleteDisposition(String id) throws IOException {
        return db.write(c -> Sql.update(c, "DELETE FROM viid_dispositions WHERE id = ?", id)) > 0;
    }

    public List<DispositionRow> dispositions() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM viid_dispositions ORDER BY created, id", rs -> new DispositionRow(rs.getString("id"), rs.getString("sender"),
                rs.getLong("created"), rs.getString("body"))));
    }
}
