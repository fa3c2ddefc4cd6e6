package org.vistruct.metadata;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Heartbeats and job claims of several nodes on one database: a job runs on one node; a dead node's job is taken once; the old holder is fenced. */
class ClusterTablesTest {
    static List<String> engines() { return Databases.engines(); }

    @ParameterizedTest
    @MethodSource("engines")
    void aDeadNodesJobIsTakenOverOnceAndItsHolderFenced(String engine) throws Exception {
        try (MetadataDatabase db = Databases.fresh(engine)) {
            NodeTable nodes = new NodeTable(db);
            JobTable jobs = new JobTable(db);
            long now = System.currentTimeMillis();
            nodes.beat(new NodeTable.NodeRow("a", "http://a", now, now, 1, 0, 0.5));
            nodes.beat(new NodeTable.NodeRow("b", "http://b", now, now, 0, 0, 0.1));
            nodes.beat(new NodeTable.NodeRow("c", "http://c", now, now, 0, 0, 0.1));
            String id = jobs.nextId();
            assertTrue(jobs.saveClaimed(new JobTable.JobRow(id, "v.mp4", "1", "RUNNING", now, now, null, null, "{}"), "a"));
            assertEquals("a", jobs.get(id).claimedBy());
            long aliveSince = now - 10_000;
            assertFalse(jobs.claim(id, "b", aliveSince), "a is alive: its job is its own");
            assertTrue(jobs.claim(id, "a", aliveSince), "a takes back its own job (a restart)");
            // a stops beating; b and c both try to take its job
            nodes.beat(new NodeTable.NodeRow("a", "http://a", now, now - 60_000, 1, 0, 0.5));
            assertEquals(2, nodes.all().stream().filter(n -> n.heartbeat() >= aliveSince).count());
            assertTrue(jobs.claim(id, "b", aliveSince), "a is dead: b takes its job");
            assertFalse(jobs.claim(id, "c", aliveSince), "b is alive: c does not take it again");
            assertEquals("b", jobs.get(id).claimedBy());
            assertFalse(jobs.saveClaimed(new JobTable.JobRow(id, "v.mp4", "1", "DONE", now, now, now, null, "{\"from\":\"a\"}"), "a"),
                    "a, back from a pause, is refused: it no longer holds the job");
            assertEquals("RUNNING", jobs.get(id).state());
            assertTrue(jobs.saveClaimed(new JobTable.JobRow(id, "v.mp4", "1", "DONE", now, now, now + 1, null, "{}"), "b"));
            assertEquals("DONE", jobs.get(id).state());
            assertFalse(jobs.claim(id, "c", now + 60_000), "a finished job is nobody's to take");
            assertEquals(1, nodes.forget(now - 30_000));
            assertEquals(List.of("b", "c"), nodes.all().stream().map(NodeTable.NodeRow::nodeId).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aLeaseHasOneHolderUntilItExpires(String engine) throws Exception {
        try (MetadataDatabase db = Databases.fresh(engine)) {
            LeaseTable leases = new LeaseTable(db);
            assertTrue(leases.hold("webhook:S1", "a", 60_000));
            assertFalse(leases.hold("webhook:S1", "b", 60_000), "held by a");
            assertTrue(leases.hold("webhook:S1", "a", 60_000), "a renews");
            assertEquals("a", leases.holder("webhook:S1"));
            assertTrue(leases.hold("webhook:S2", "b", 1), "another lease is free");
            Thread.sleep(5);
            assertNull(leases.holder("webhook:S2"), "expired");
            assertTrue(leases.hold("webhook:S2", "c", 60_000), "an expired lease is taken");
            leases.release("webhook:S1", "b");
            assertEquals("a", leases.holder("webhook:S1"), "only the holder releases");
            leases.release("webhook:S1", "a");
            assertTrue(leases.hold("webhook:S1", "b", 60_000), "released: b takes it at once");
        }
    }
}
