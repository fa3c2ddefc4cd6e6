package org.vistruct.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.vistruct.metadata.LiveStreamTable.StreamRow;

class StreamPlacementTest {
    private static StreamRow row(String key, String node) {
        return new StreamRow(key, "d", key, "UDP", node, 3, null, 0, null, 0, null, null, 0, 0);
    }

    private static NodeHeartbeat.NodeState node(String id, boolean alive, double load) {
        return new NodeHeartbeat.NodeState(id, "", 0, 0, alive, false, 0, 0, load);
    }

    @Test
    void channelsOfADeadNodeGoToTheLeastLoadedLiveNodes() {
        List<StreamRow> rows = List.of(row("1", "a"), row("2", "a"), row("3", "b"), row("4", "c"), row("5", "c"), row("6", null));
        var moves = StreamPlacement.plan(rows, List.of(node("a", true, 0.1), node("b", true, 0.5), node("c", false, 0)));
        // b has one, a two: 4 → b (b: 2), then 5 → a (tie on count, a is less loaded), then 6 → b (a: 3)
        assertEquals(List.of("4>b", "5>a", "6>b"), moves.stream().map(m -> m.key() + ">" + m.nodeId()).toList());
        assertEquals("c", moves.get(0).from());
        assertEquals(3, moves.get(0).epoch(), "a move names the placement it replaces");
    }

    @Test
    void nothingMovesWithoutLiveNodesOrWhenAllArePlaced() {
        assertTrue(StreamPlacement.plan(List.of(row("1", null)), List.of(node("a", false, 0))).isEmpty());
        assertTrue(StreamPlacement.plan(List.of(row("1", "a")), List.of(node("a", true, 0), node("b", true, 0))).isEmpty());
    }

    /** Whatever the start, after the plan every channel is on a live node, and orphans went to the emptiest nodes. */
    @RepeatedTest(50)
    void balanced(org.junit.jupiter.api.RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        int n = 1 + rnd.nextInt(5);
        List<NodeHeartbeat.NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) nodes.add(node("n" + i, i == 0 || rnd.nextBoolean(), rnd.nextDouble()));
        List<StreamRow> rows = new ArrayList<>();
        for (int i = 0, m = rnd.nextInt(40); i < m; i++) rows.add(row("s" + i, rnd.nextInt(4) == 0 ? null : "n" + rnd.nextInt(n)));
        Map<String, String> after = new HashMap<>();
        for (StreamRow r : rows) after.put(r.key(), r.nodeId());
        for (var m : StreamPlacement.plan(rows, nodes)) after.put(m.key(), m.nodeId());
        Map<String, Integer> count = new HashMap<>();
        nodes.stream().filter(NodeHeartbeat.NodeState::alive).forEach(x -> count.put(x.nodeId(), 0));
        for (String to : after.values()) {
            assertTrue(count.containsKey(to), "placed on a live node: " + to);
            count.merge(to, 1, Integer::sum);
        }
        // water filling: a node that took an orphan was the emptiest when it took its last one
        Map<String, Integer> took = new HashMap<>();
        for (var m : StreamPlacement.plan(rows, nodes)) took.merge(m.nodeId(), 1, Integer::sum);
        for (String x : took.keySet()) {
            for (String y : count.keySet()) assertTrue(count.get(x) <= count.get(y) + 1, "orphans filled the emptiest nodes first: " + count + ", took " + took);
        }
    }
}
