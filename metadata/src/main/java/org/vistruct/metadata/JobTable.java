package org.vistruct.metadata;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Analysis jobs: state and times as columns, inputs and progress in a JSON body. Ids come from {@link Counters} and are never reused. */
public final class JobTable {
    /** One job as stored. */
    public record JobRow(String id, String name, String deviceId, String state, long created, Long started, Long finished, String error, String body,
                         String claimedBy) {
        public JobRow(String id, String name, String deviceId, String state, long created, Long started, Long finished, String error, String body) {
            this(id, name, deviceId, state, created, started, finished, error, body, null);
        }
    }

    private final MetadataDatabase db;

    public JobTable(MetadataDatabase db) { this.db = db; }

    /** A new job id ({@code job-000001} …), never handed out before. */
    public String nextId() throws IOException {
        long n = db.write(c -> Counters.next(c, "job"));
        return String.format("job-%06d", n);
    }

    /** Inserts or replaces a job's row. */
    public void save(JobRow j) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO jobs (id, name, device_id, state, created, started, finished, error, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET state = excluded.state, started = excluded.started, finished = excluded.finished, "
                        + "error = excluded.error, body = excluded.body",
                j.id(), j.name(), j.deviceId(), j.state(), j.created(), Sql.longOrNull(j.started()), Sql.longOrNull(j.finished()), j.error(), j.body()));
    }

    /**
     * Writes a job's row as the node running it: inserted claimed by {@code node}, or updated only while
     * that node still holds it (fencing: a node taken for dead, whose job another node took over,
     * learns it from a false here and stops).
     */
    public boolean saveClaimed(JobRow j, String node) throws IOException {
        return db.write(c -> Sql.update(c, "INSERT INTO jobs (id, name, device_id, state, created, started, finished, error, body, claimed_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, started = excluded.started, "
                        + "finished = excluded.finished, error = excluded.error, body = excluded.body WHERE jobs.claimed_by = excluded.claimed_by OR jobs.claimed_by IS NULL",
                j.id(), j.name(), j.deviceId(), j.state(), j.created(), Sql.longOrNull(j.started()), Sql.longOrNull(j.finished()), j.error(), j.body(), node)) == 1;
    }

    /**
     * Takes a queued or running job for {@code node}: when nobody holds it, the node holds it already,
     * or its holder's heartbeat is older than {@code aliveSince} (a node that died). One statement, so
     * two nodes never both take it.
     */
    public boolean claim(String id, String node, long aliveSince) throws IOException {
        return db.write(c -> Sql.update(c, "UPDATE jobs SET claimed_by = ? WHERE id = ? AND state IN ('QUEUED', 'RUNNING') AND (claimed_by IS NULL OR claimed_by = ? "
                + "OR NOT EXISTS (SELECT 1 FROM cluster_nodes n WHERE n.node_id = jobs.claimed_by AND n.heartbeat >= ?))", node, id, node, aliveSince)) == 1;
    }

    public JobRow get(String id) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT * FROM jobs WHERE id = ?", JobTable::row, id));
    }

    /** Newest first, at most limit. */
    public List<JobRow> recent(int limit) throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM jobs ORDER BY created DESC, id DESC LIMIT ?", JobTable::row, limit));
    }

    /** Jobs in any of the given states, oldest first. */
    public List<JobRow> inState(String... states) throws IOException {
        String marks = String.join(", ", java.util.Collections.nCopies(states.length, "?"));
        return db.read(c -> Sql.list(c, "SELECT * FROM jobs WHERE state IN (" + marks + ") ORDER BY created, id", JobTable::row, (Object[]) states));
    }

    private static JobRow row(ResultSet rs) throws SQLException {
        return new JobRow(rs.getString("id"), rs.getString("name"), rs.getString("device_id"), rs.getString("state"), rs.getLong("created"),
                Sql.getLong(rs, "started"), Sql.getLong(rs, "finished"), rs.getString("error"), rs.getString("body"), rs.getString("claimed_by"));
    }
}
