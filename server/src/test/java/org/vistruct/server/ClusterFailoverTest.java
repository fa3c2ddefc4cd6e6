package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.testservers.OpenSearchTestCluster;
import org.vistruct.testservers.S3MockServer;

/**
 * Three vistruct nodes (own JVMs) on one PostgreSQL, a 2-node OpenSearch cluster and an S3 server
 * (S3Mock), all on 127.0.0.1. A job analysing the slideshow runs on node A; A is killed (kill -9)
 * mid-job. Another node takes the job over once A's heartbeat stops and finishes it from A's last
 * checkpoint; every record A acknowledged is found through the other nodes with its pictures, no
 * vehicle is written twice, and the cluster API shows A dead. A watch entry made on node B and a
 * subscriber made on node C are used by node A at once; every alert reaches the subscriber, sent by
 * one lane in the cluster. Needs PostgreSQL (bin/test's second
 * pass, or bin/with-postgres): SQLite is one machine's file.
 */
class ClusterFailoverTest {
    private static final Path SHARED = SharedDirectory.require();

    @Test
    void aJobOnAKilledNodeIsFinishedByAnotherWithNothingLostOrDoubled() throws Exception {
        assumeTrue(System.getenv("VISTRUCT_METADATA_URL") != null, "needs a shared PostgreSQL: run under bin/with-postgres");
        Path work = Files.createTempDirectory("vistruct-cluster");
        String tag = "cl" + Long.toHexString(System.nanoTime() & 0xffffffL);
        try (OpenSearchTestCluster opensearch = OpenSearchTestCluster.start(work.resolve("opensearch"), 2);
             S3MockServer s3 = S3MockServer.start(work.resolve("s3"))) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "VISTRUCT_METADATA_SCHEMA", tag, "VISTRUCT_INDEX_BACKEND", "opensearch", "VISTRUCT_OPENSEARCH_URLS", String.join(",", opensearch.urls()),
                    "VISTRUCT_OPENSEARCH_INDEX_PREFIX", tag, "VISTRUCT_STORAGE_MODE", "s3", "VISTRUCT_STORAGE_ENDPOINT", s3.endpoint(),
                    "VISTRUCT_STORAGE_ACCESS_KEY", "any", "VISTRUCT_STORAGE_SECRET_KEY", "anysecret", "VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString()));
            env.putAll(Map.of("VISTRUCT_CLUSTER_HEARTBEAT_MS", "500", "VISTRUCT_CLUSTER_DEAD_AFTER_MS", "3000", "VISTRUCT_JOBS_REALTIME", "true",
                    "VISTRUCT_SHARED", SHARED.toString()));
            List<ServerProcess> nodes = new ArrayList<>();
            try {
                for (String n : List.of("a", "b", "c")) {
                    Map<String, String> mine = new HashMap<>(env);
                    mine.put("VISTRUCT_CLUSTER_NODE_ID", "node-" + n);
                    nodes.add(ServerProcess.start(work, work.resolve("data-" + n), mine, "serve-" + n + ".log"));
                }
                ServerProcess nodeA = nodes.get(0);
                String token = nodeA.firstAdminToken();
                assertNotNull(token, "the first node made the admin token; the others share it through the database");
                ApiClient a = new ApiClient(nodeA.base(), token), b = new ApiClient(nodes.get(1).base(), token), c = new ApiClient(nodes.get(2).base(), token);
                JsonNode cluster = b.json("/api/v1/cluster");
                assertEquals(3, ClusterRecords.nodes(cluster, true), "three nodes alive: " + cluster);
                // a watch entry made on node B and a webhook subscriber made on node C: node A (running the job) alerts through them
                Map<String, Integer> received = new ConcurrentHashMap<>();
                com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 16);
                receiver.createContext("/hook", ex -> {
                    ex.getRequestBody().readAllBytes();
                    String id = ex.getRequestHeaders().getFirst(org.vistruct.server.alerts.WebhookSignature.ALERT_ID_HEADER);
                    if (id != null) received.merge(id, 1, Integer::sum);
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
                receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                receiver.start();
                assertEquals(201, c.post("/api/v1/subscribers", Map.of("name", "desk", "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                        "lists", List.of("checkpoint"))).status());
                assertEquals(201, b.post("/api/v1/watchlist", Map.of("plate", "皖A*", "list", "checkpoint", "reason", "cluster test")).status());
                Thread.sleep(2000); // a few heartbeats: every node has loaded the entry and opened a lane for the subscriber
                Map<String, JsonNode> acked = new ConcurrentHashMap<>(), atC = new ConcurrentHashMap<>();
                Thread stream = a.events("/api/v1/records/stream", r -> ClusterRecords.note(acked, r));
                Thread streamC = c.events("/api/v1/records/stream", r -> ClusterRecords.note(atC, r)); // what node A (and the node that takes over) writes, relayed
                Set<String> alertsAtC = ConcurrentHashMap.newKeySet();
                Thread alertStreamC = c.events("/api/v1/alerts/stream", x -> alertsAtC.add(x.path("NotificationID").asText()));
                String job = submit(a);
                long t0 = System.currentTimeMillis();
                while (a.json("/api/v1/jobs/" + job).path("progress").asDouble() < 0.35) {
                    assertTrue(System.currentTimeMillis() - t0 < 120_000, "the job advances on node A");
                    Thread.sleep(200);
                }
                assertEquals("node-a", b.json("/api/v1/jobs/" + job).path("node").asText(), "node B sees node A running the job");
                nodeA.kill();
                long killed = System.currentTimeMillis();
                stream.interrupt();
                int before = acked.size();
                // another node takes the job over once A's heartbeat is older than dead-after
                String taker = null;
                long takenAfter = -1;
                while (System.currentTimeMillis() - killed < 240_000) {
                    JsonNode j = c.json("/api/v1/jobs/" + job);
                    if (taker == null && !j.path("node").asText().equals("node-a")) {
                        taker = j.path("node").asText();
                        takenAfter = System.currentTimeMillis() - killed;
                    }
                    if (j.path("state").asText().matches("done|failed")) break;
                    Thread.sleep(250);
                }
                JsonNode done = c.json("/api/v1/jobs/" + job);
                assertEquals("done", done.path("state").asText(), "the job ends done on another node: " + done);
                assertTrue(Set.of("node-b", "node-c").contains(done.path("node").asText()), done.toString());
                assertTrue(done.path("resumes").asInt() >= 1, "it resumed from a checkpoint: " + done);
                // everything A acknowledged is there, through the other nodes, with its pictures
                int lost = 0;
                for (var e : acked.entrySet()) {
                    ApiClient.Answer r = c.get("/api/v1/records/" + e.getKey());
                    if (r.status() != 200) {
                        lost++;
                        System.out.println("LOST: " + e.getKey());
                        continue;
                    }
                    for (String f : List.of("StorageUrl1", "StorageUrl2", "StorageUrl3")) {
                        if (r.json().hasNonNull(f)) assertEquals(200, b.get("/api/v1/pictures/" + r.json().get(f).asText()).status(), "picture " + r.json().get(f));
                    }
                }
                List<JsonNode> all = new ArrayList<>();
                b.json("/api/v1/records?limit=1000").path("records").forEach(all::add);
                int overlaps = ClusterRecords.writtenTwice(all);
                // every alert delivered to the subscriber, by one lane in the cluster
                List<String> alertIds = new ArrayList<>();
                c.json("/api/v1/alerts?limit=100").path("alerts").forEach(x -> alertIds.add(x.path("NotificationID").asText()));
                long waitFrom = System.currentTimeMillis();
                while (!received.keySet().containsAll(alertIds) && System.currentTimeMillis() - waitFrom < 60_000) Thread.sleep(200);
                receiver.stop(0);
                Thread.sleep(3000); // the relay looks twice a second
                streamC.interrupt();
                alertStreamC.interrupt();
                long finalsOfA = acked.values().stream().filter(r -> !r.path("Provisional").asBoolean(false)).count();
                long finalsOfAAtC = acked.entrySet().stream().filter(e -> !e.getValue().path("Provisional").asBoolean(false) && atC.containsKey(e.getKey())).count();
                long alertsShownAtC = alertIds.stream().filter(alertsAtC::contains).count();
                System.out.printf("cluster streams: a browser on node C saw %d of node A's %d final records, %d records in all, and %d of %d alerts%n",
                        finalsOfAAtC, finalsOfA, atC.size(), alertsShownAtC, alertIds.size());
                assertEquals(finalsOfA, finalsOfAAtC, "a browser on node C sees node A's records");
                assertEquals(all.size(), atC.size(), "and every record of the job, whichever node wrote it");
                assertEquals(alertIds.size(), alertsShownAtC, "and every alert, whichever node raised it");
                int undelivered = (int) alertIds.stream().filter(id -> !received.containsKey(id)).count();
                int twice = received.values().stream().mapToInt(n -> n - 1).sum();
                cluster = c.json("/api/v1/cluster");
                System.out.printf("cluster alerts: %d raised (watch entry made on node B, subscriber on node C), %d delivered, %d not delivered, %d sent twice%n",
                        alertIds.size(), received.size(), undelivered, twice);
                assertFalse(alertIds.isEmpty(), "the watched plates raised alerts");
                assertEquals(0, undelivered, "every alert reaches the subscriber");
                assertTrue(twice <= 1, "one lane in the cluster delivers (at most the delivery cut by the kill is sent again): " + received);
                System.out.printf("cluster failover: node-a killed at %.0f %% of the job with %d records acknowledged; %s took the job over %.1f s later "
                        + "(dead after 3 s, heartbeat 0.5 s) and finished it (resumes %d); %d records at the end, lost %d, vehicles written twice %d; "
                        + "alive %d, dead %d%n", 35.0, before, taker, takenAfter / 1000.0, done.path("resumes").asInt(), all.size(), lost, overlaps,
                        ClusterRecords.nodes(cluster, true), ClusterRecords.nodes(cluster, false));
                assertTrue(before > 0, "node A acknowledged records before it was killed");
                assertEquals(0, lost, "acknowledged records lost");
                assertEquals(0, overlaps, "vehicles written twice");
                assertEquals(2, ClusterRecords.nodes(cluster, true));
                assertEquals(1, ClusterRecords.nodes(cluster, false), "node A shown dead: " + cluster);
            } finally {
                for (ServerProcess n : nodes) n.close();
            }
        }
    }


    private static String submit(ApiClient node) throws Exception {
        ApiClient.Answer r = node.post("/api/v1/jobs", Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                "deviceId", "34020000001320000077", "start", "2026-11-21T08:00:00"));
        assertEquals(201, r.status(), r.text());
        return r.json().path("id").asText();
    }

}
