package org.vistruct.metadata;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Analysis jobs: state and times as columns, inputs and progress in a JSON body. Ids come from {@link Counters} and are never reused. */
public final class JobTable {
    /** One job as stored. */
    public record JobRow(String id, String name, String deviceId, String state, long created, Long started, Long finished, String error, String body) {}

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
                Sql.getLong(rs, "started"), Sql.getLong(rs, "finished"), rs.getString("error"), rs.getString("body"));
    }
}
