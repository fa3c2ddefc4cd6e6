package org.vistruct.metadata;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The live channels a cluster analyses and, per channel, the exchange between the node that receives
 * it and the node that holds the SIP signalling role. Every change is one conditional statement:
 * a placement bumps {@code epoch}, and a node's offer counts only while its placement is current.
 */
public final class LiveStreamTable {
    /** One channel as the database holds it. */
    public record StreamRow(String key, String deviceId, String channelId, String transport, String nodeId, long epoch, String offer, long offerSeq,
                            String answer, long answerSeq, String dialog, String hungUp, long wake, long updated) {}

    private final MetadataDatabase db;

    public LiveStreamTable(MetadataDatabase db) { this.db = db; }

    public static String key(String deviceId, String channelId) { return deviceId + "/" + channelId; }

    /** Wants a channel analysed (no node yet); false when it is wanted already. */
    public boolean want(String deviceId, String channelId, String transport) throws IOException {
        return db.write(c -> Sql.update(c, "INSERT INTO live_streams (stream_key, device_id, channel_id, transport, updated) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (stream_key) DO NOTHING", key(deviceId, channelId), deviceId, channelId, transport, System.currentTimeMillis())) == 1;
    }

    /** No longer wants a channel; its node stops it and the signalling node ends its dialog. */
    public boolean unwant(String deviceId, String channelId) throws IOException {
        return db.write(c -> Sql.update(c, "DELETE FROM live_streams WHERE stream_key = ?", key(deviceId, channelId))) == 1;
    }

    public List<StreamRow> all() throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM live_streams ORDER BY stream_key", LiveStreamTable::row));
    }

    /** The channels placed on one node (what that node reads a few times a second: its own rows only). */
    public List<StreamRow> placedOn(String nodeId) throws IOException {
        return db.read(c -> Sql.list(c, "SELECT * FROM live_streams WHERE node_id = ? ORDER BY stream_key", LiveStreamTable::row, nodeId));
    }

    /** One channel, or null when it is no longer wanted. */
    public StreamRow get(String key) throws IOException {
        return db.read(c -> Sql.one(c, "SELECT * FROM live_streams WHERE stream_key = ?", LiveStreamTable::row, key));
    }

    /** Places a channel on a node, unless someone placed it since {@code epoch}; the offer of the node before no longer counts. */
    public boolean place(String key, long epoch, String nodeId) throws IOException {
        return db.write(c -> Sql.update(c, "UPDATE live_streams SET node_id = ?, epoch = epoch + 1, offer = NULL, answer = NULL, updated = ? "
                + "WHERE stream_key = ? AND epoch = ?", nodeId, System.currentTimeMillis(), key, epoch)) == 1;
    }

    /**
     * A receiving node offers its receiver (or withdraws it: null) while its placement is current;
     * returns the offer's number, or -1 when the channel is no longer this node's.
     */
    public long offer(String key, String nodeId, long epoch, String offer) throws IOException {
        return db.write(c -> {
            if (Sql.update(c, "UPDATE live_streams SET offer = ?, offer_seq = offer_seq + 1, answer = NULL, updated = ? WHERE stream_key = ? AND node_id = ? AND epoch = ?",
                    offer, System.currentTimeMillis(), key, nodeId, epoch) != 1) return -1L;
            return Sql.one(c, "SELECT offer_seq FROM live_streams WHERE stream_key = ?", rs -> rs.getLong(1), key);
        });
    }

    /** The signalling node's answer to offer {@code seq} (and the dialog it now holds for it); false when a newer offer replaced it. */
    public boolean answer(String key, long seq, String answer, String dialog) throws IOException {
        return db.write(c -> Sql.update(c, "UPDATE live_streams SET answer = ?, answer_seq = ?, dialog = ?, updated = ? WHERE stream_key = ? AND offer_seq = ?",
                answer, seq, dialog, System.currentTimeMillis(), key, seq)) == 1;
    }

    /** The dialog of a channel was ended (BYE sent): nobody holds it any more. */
    public void dialogEnded(String key, String dialog) throws IOException {
        db.write(c -> Sql.update(c, "UPDATE live_streams SET dialog = NULL WHERE stream_key = ? AND dialog = ?", key, dialog));
    }

    /** A device ended the dialog {@code callId} with BYE: its receiving node learns it from the row. */
    public void hungUp(String callId) throws IOException {
        db.write(c -> Sql.update(c, "UPDATE live_streams SET hung_up = ?, dialog = NULL WHERE dialog LIKE ?", callId, callId + "\n%"));
    }

    /** A device came (back) online: its channels waiting to retry try now. */
    public void wake(String deviceId) throws IOException {
        db.write(c -> Sql.update(c, "UPDATE live_streams SET wake = wake + 1 WHERE device_id = ?", deviceId));
    }

    private static StreamRow row(ResultSet rs) throws SQLException {
        return new StreamRow(rs.getString("stream_key"), rs.getString("device_id"), rs.getString("channel_id"), rs.getString("transport"),
                rs.getString("node_id"), rs.getLong("epoch"), rs.getString("offer"), rs.getLong("offer_seq"), rs.getString("answer"),
                rs.getLong("answer_seq"), rs.getString("dialog"), rs.getString("hung_up"), rs.getLong("wake"), rs.getLong("updated"));
    }
}
