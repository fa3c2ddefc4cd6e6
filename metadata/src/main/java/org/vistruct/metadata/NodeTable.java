package org.vistruct.metadata;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The nodes of a cluster sharing this database, each with its last heartbeat (its clock, UTC ms). */
public final class NodeTable {
    /** One node as it last reported itself. */
    public record NodeRow(String nodeId, String httpUrl, long started, long heartbeat, int jobs, int streams, double load, long feedMark) {
        public NodeRow(String nodeId, String httpUrl, long started, long heartbeat, int jobs, int streams, double load) {
            this(nodeId, httpUrl, started, heartbeat, jobs, streams, load, 0);
        }
    }

    private final MetadataDatabase db;

    public NodeTable(MetadataDatabase db) { this.db = db; }

    /** Writes a node's heartbeat (inserting its row the first time). */
    public void beat(NodeRow n) throws IOException {
        db.write(c -> Sql.update(c, "INSERT INTO cluster_nodes (node_id, http_url, started, heartbeat, jobs, streams, load, feed_mark) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (node_id) DO UPDATE SET http_url = excluded.http_url, started = excluded.started, heartbeat = excluded.heartbeat, "
                        + "jobs = excluded.jobs, streams = excluded.streams, load = excluded.load, feed_mark = excluded.feed_mark",
                n.nodeId(), n.httpUrl(), n.started(), n.heartbeat(), n.jobs(), n.streams(), n.load(), n.feedMark()));
    }

    /** Every node that ever beat, by id. */
    public List<NodeRow> all() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM cluster_nodes ORDER BY node_id", NodeTable::row));
    }

    /** Forgets nodes silent since before {@code before} (a node that comes back writes its row again). */
    public int forget(long before) throws IOException {
        return db.write(c -> Sql.update(c, "DELETE FROM cluster_nodes WHERE heartbeat < ?", before));
    }

    private static NodeRow row(ResultSet rs) throws SQLException {
        return new NodeRow(rs.getString("node_id"), rs.getString("http_url"), rs.getLong("started"), rs.getLong("heartbeat"), rs.getInt("jobs"),
                rs.getInt("streams"), rs.getDouble("load"), rs.getLong("feed_mark"));
    }
}
