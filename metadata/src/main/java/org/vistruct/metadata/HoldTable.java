package org.vistruct.metadata;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evidence holds: a record with an open hold is never expired by retention. Holds come from an
 * investigator (by hand or for a case) or from an alert the record raised; they are released,
 * never deleted, so who held and who released what stays known.
 */
public final class HoldTable {
    /** Why a record is held. */
    public enum Source { MANUAL, CASE, ALERT }

    /** One hold. {@code releasedAt} is null while it holds. */
    public record Hold(String id, String recordId, String recordType, String deviceId, Long recordTime, Source source, String caseId, String reason,
                       String heldBy, long heldAt, String releasedBy, Long releasedAt, String releaseReason) {
        public boolean open() { return releasedAt == null; }
    }

    private final MetadataDatabase db;

    public HoldTable(MetadataDatabase db) { this.db = db; }

    /** Places a hold; false when a hold with this id exists already. */
    public boolean place(Hold h) throws IOException {
        return db.write(c -> insert(c, h));
    }

    static boolean insert(Connection c, Hold h) throws SQLException {
        return Sql.update(c, "INSERT INTO holds (id, record_id, record_type, device_id, record_time, source, case_id, reason, held_by, held_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                h.id(), h.recordId(), h.recordType(), h.deviceId(), Sql.longOrNull(h.recordTime()), h.source().name(), h.caseId(), h.reason(), h.heldBy(), h.heldAt()) > 0;
    }

    /** Releases one open hold; false when there is no such open hold. */
    public boolean release(String holdId, String by, long at, String reason) throws IOException {
        return db.write(c -> Sql.update(c, "UPDATE holds SET released_by = ?, released_at = ?, release_reason = ? WHERE id = ? AND released_at IS NULL",
                by, at, reason, holdId)) > 0;
    }

    public Hold get(String id) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT * FROM holds WHERE id = ?", HoldTable::row, id));
    }

    /** Every hold of a record, open and released, oldest first. */
    public List<Hold> ofRecord(String recordId) throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM holds WHERE record_id = ? ORDER BY held_at, id", HoldTable::row, recordId));
    }

    /** Open holds, newest first, at most limit; optionally of one case. */
    public List<Hold> open(String caseId, int limit) throws IOException {
        return db.read(c -> caseId == null
                ? Sql.list(c, "SELECT * FROM holds WHERE released_at IS NULL ORDER BY held_at DESC, id DESC LIMIT ?", HoldTable::row, limit)
                : Sql.list(c, "SELECT * FROM holds WHERE released_at IS NULL AND case_id = ? ORDER BY held_at DESC, id DESC LIMIT ?", HoldTable::row, caseId, limit));
    }

    /** Ids of the records with an open hold whose record time is before {@code before} (null: any): what retention must keep. */
    public Set<String> heldRecordIds(Long before) throws IOException {
        return db.read(c -> new HashSet<>(before == null
                ? Sql.list(c, "SELECT DISTINCT record_id FROM holds WHERE released_at IS NULL", rs -> rs.getString(1))
                : Sql.list(c, "SELECT DISTINCT record_id FROM holds WHERE released_at IS NULL AND (record_time IS NULL OR record_time < ?)", rs -> rs.getString(1), before)));
    }

    /** Open holds on records whose time is in [from, to), or whose time is not known: whether a span of time can go whole. */
    public long countOpenBetween(long from, long to) throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM holds WHERE released_at IS NULL AND (record_time IS NULL OR (record_time >= ? AND record_time < ?))",
                from, to));
    }

    public long countOpen() throws IOException {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM holds WHERE released_at IS NULL"));
    }

    private static Hold row(ResultSet rs) throws SQLException {
        return new Hold(rs.getString("id"), rs.getString("record_id"), rs.getString("record_type"), rs.getString("device_id"), Sql.getLong(rs, "record_time"),
                Source.valueOf(rs.getString("source")), rs.getString("case_id"), rs.getString("reason"), rs.getString("held_by"), rs.getLong("held_at"),
                rs.getString("released_by"), Sql.getLong(rs, "released_at"), rs.getString("release_reason"));
    }
}
