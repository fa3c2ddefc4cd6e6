package org.vistruct.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.metadata.LiveStreamTable.StreamRow;

/**
 * Where live channels go: a channel on no node, or on a node that is not alive, goes to the live
 * node with the fewest channels (then the lowest CPU load, then the lowest id). Channels already on
 * a live node stay there: moving one cuts its analysis (open tracks, the decoder's reference
 * frames), so a node that joins takes new and orphaned channels rather than running ones.
 */
public final class StreamPlacement {
    /** Place channel {@code key}, whose placement is at {@code epoch}, on {@code nodeId}. */
    public record Move(String key, long epoch, String deviceId, String channelId, String from, String nodeId) {}

    private StreamPlacement() {}

    public static List<Move> plan(List<StreamRow> rows, List<NodeHeartbeat.NodeState> nodes) {
        Map<String, NodeHeartbeat.NodeState> alive = new HashMap<>();
        for (NodeHeartbeat.NodeState n : nodes) if (n.alive()) alive.put(n.nodeId(), n);
        List<Move> moves = new ArrayList<>();
        if (alive.isEmpty()) return moves;
        Map<String, Integer> count = new HashMap<>();
        for (String id : alive.keySet()) count.put(id, 0);
        for (StreamRow r : rows) if (r.nodeId() != null && alive.containsKey(r.nodeId())) count.merge(r.nodeId(), 1, Integer::sum);
        Comparator<String> lighter = Comparator.<String>comparingInt(count::get).thenComparingDouble(id -> alive.get(id).load()).thenComparing(id -> id);
        for (StreamRow r : rows) {
            if (r.nodeId() != null && alive.containsKey(r.nodeId())) continue;
            String to = count.keySet().stream().min(lighter).orElseThrow();
            count.merge(to, 1, Integer::sum);
            moves.add(new Move(r.key(), r.epoch(), r.deviceId(), r.channelId(), r.nodeId(), to));
        }
        return moves;
    }
}
