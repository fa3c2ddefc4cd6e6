package org.vistruct.metadata;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/** 套牌 suspects raised in real time, and the verdicts on them (confirmed, dismissed). */
public final class SuspectTable {
    public record SuspectRow(String id, String plate, String rule, String pairKey, String reason, String firstRecord, String secondRecord, long detected,
                             String verdict, String verdictBy, Long verdictAt) {}

    private final MetadataDatabase db;

    public SuspectTable(MetadataDatabase db) { this.db = db; }

    /** Adds a suspect (once: the same id again is ignored); whether it was new. */
    public boolean add(SuspectRow s) throws IOException {
        return db.write(c -> Sql.update(c, "INSERT INTO clone_suspects (id, plate, rule, pair_key, reason, first_record, second_record, detected) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", s.id(), s.plate(), s.rule(), s.pairKey(), s.reason(), s.firstRecord(),
                s.secondRecord(), s.detected())) > 0;
    }

    /** The newest suspects first; a verdict of null lists the undecided, "all" every one. */
    public List<SuspectRow> list(String verdict, int limit) throws IOException {
        String where = "all".equals(verdict) ? "" : verdict == null ? " WHERE verdict IS NULL" : " WHERE verdict = ?";
        Object[] args = verdict == null || "all".equals(verdict) ? new Object[] {limit} : new Object[] {verdict, limit};
        return db.read(c -> Sql.list(c, "SELECT * FROM clone_suspects" + where + " ORDER BY detected DESC, id LIMIT ?", SuspectTable::row, args));
    }

    public SuspectRow get(String id) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT * FROM clone_suspects WHERE id = ?", SuspectTable::row, id));
    }

    /** Records a verdict ("confirmed" or "dismissed"); whether the suspect exists. */
    public boolean decide(String id, String verdict, String by, long at) throws IOException {
        return db.write(c -> Sql.update(c, "UPDATE clone_suspects SET verdict = ?, verdict_by = ?, verdict_at = ? WHERE id = ?", verdict, by, at, id)) > 0;
    }

    /** The pair keys investigators dismissed. */
    public Set<String> dismissedPairs() throws IOException {
        return db.read(c -> Set.copyOf(Sql.list(c, "SELECT DISTINCT pair_key FROM clone_suspects WHERE verdict = 'dismissed'", rs -> rs.getString(1))));
    }

    private static SuspectRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long at = rs.getLong("verdict_at");
        return new SuspectRow(rs.getString("id"), rs.getString("plate"), rs.getString("rule"), rs.getString("pair_key"), rs.getString("reason"),
                rs.getString("first_record"), rs.getString("second_record"), rs.getLong("detected"), rs.getString("verdict"), rs.getString("verdict_by"),
                rs.wasNull() ? null : at);
    }
}
