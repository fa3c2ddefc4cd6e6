package org.vistruct.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vistruct.metadata.MetadataSettings;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.metadata.NodeTable;

/** Two nodes' heartbeats on one database: who is alive, and the feed floor each sees of the other. */
class NodeHeartbeatTest {
    @Test
    void nodesSeeEachOtherAliveThenDeadAndTheOthersFeedFloor() throws Exception {
        Path dir = Files.createTempDirectory("vistruct-heartbeat");
        try (MetadataStore store = MetadataStore.open(MetadataSettings.embedded(), dir)) {
            NodeTable table = store.nodes();
            AtomicLong markA = new AtomicLong(5_000), markB = new AtomicLong(7_000);
            String idA = NodeIdentity.of("", dir.resolve("a")), idB = NodeIdentity.of("node-b", dir.resolve("b"));
            assertEquals(idA, NodeIdentity.of("", dir.resolve("a")), "a node keeps its id across restarts");
            assertThrows(IllegalArgumentException.class, () -> NodeIdentity.of("bad id!", dir));
            try (NodeHeartbeat a = new NodeHeartbeat(table, idA, "http://a", 100, 600, () -> 1, () -> 0);
                 NodeHeartbeat b = new NodeHeartbeat(table, idB, "http://b", 100, 600, () -> 0, () -> 2)) {
                a.feedMark(markA::get);
                b.feedMark(markB::get);
                a.start();
                b.start();
                awaitBeat(() -> a.alive() == 2 && a.othersFeedFloor() == 7_000 && b.othersFeedFloor() == 5_000);
                assertEquals(2, a.alive());
                assertEquals(7_000, a.othersFeedFloor(), "a reads no further than b's mark");
                assertEquals(5_000, b.othersFeedFloor());
                assertTrue(a.nodes().get(0).self() && a.nodes().get(0).nodeId().equals(idA), "this node first");
                b.close(); // b stops beating
                awaitBeat(() -> a.dead() == 1);
                assertEquals(1, a.alive());
                assertEquals(1, a.dead());
                assertEquals(Long.MAX_VALUE, a.othersFeedFloor(), "a dead node's mark no longer holds readers back");
                assertFalse(a.nodes().stream().filter(n -> n.nodeId().equals(idB)).findFirst().orElseThrow().alive());
            }
        }
    }

    /** Waits (at most 10 s: a loaded machine delays timers) until a heartbeat made the condition true. */
    private static void awaitBeat(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(50);
    }
}
