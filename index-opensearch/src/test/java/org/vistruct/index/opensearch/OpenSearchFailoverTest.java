package org.vistruct.index.opensearch;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordStore;
import org.vistruct.index.RecordStoreContract;
import org.vistruct.index.StoreUnavailableException;
import org.vistruct.testservers.OpenSearchTestCluster;

/**
 * A node holding a primary shard is killed (kill -9) while four writers ingest: writes go on against
 * the replica the cluster promotes, a write that failed in the switch is kept and written again (as
 * the write path's spool does), and afterwards every acknowledged record is there exactly once.
 */
class OpenSearchFailoverTest {
    private static final int FACE_DIMENSION = RecordStoreContract.FACE_DIMENSION;

    @Test
    void ingestGoesOnWhenTheNodeWithAPrimaryDies() throws Exception {
        // nothing here touches the metadata database: bin/test's PostgreSQL pass need not run it again
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("VISTRUCT_METADATA_URL") == null, "runs in the embedded pass");
        ObjectMapper json = new ObjectMapper();
        Path root = Files.createTempDirectory("opensearch-failover");
        Random rnd = new Random(5);
        List<StructuredRecord> records = RecordStoreContract.randomRecords(rnd, 2400);
        try (OpenSearchTestCluster cluster = OpenSearchTestCluster.start(root, 2);
             OpenSearchRecordStore store = new OpenSearchRecordStore(OpenSearchSettings.of(cluster.urls(), "failover").withFaceDimension(FACE_DIMENSION))) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<StructuredRecord> kept = new ConcurrentLinkedQueue<>();
            AtomicInteger written = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            long[] killedAt = {0};
            for (int t = 0; t < 4; t++) {
                int part = t;
                done.add(pool.submit(() -> {
                    for (int i = part; i < records.size(); i += 4) {
                        StructuredRecord r = records.get(i);
                        try {
                            store.add(r);
                            acknowledged.add(r.id());
                        } catch (StoreUnavailableException e) {
                            kept.add(r); // the write path spools it: not acknowledged yet
                        }
                        written.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (written.get() < 600) Thread.sleep(20);
            // the node to kill: one that is not the elected cluster manager (a 2-node cluster cannot elect a new one) and holds a primary
            String manager = json.readTree(cluster.get("/_cat/cluster_manager?format=json")).path(0).path("node").asText();
            int victim = 1 - OpenSearchTestCluster.indexOf(manager);
            String victimName = "node-" + victim;
            JsonNode shards = json.readTree(cluster.get("/_cat/shards/failover-*?format=json"));
            boolean holdsPrimary = false;
            for (JsonNode s : shards) holdsPrimary |= s.path("prirep").asText().equals("p") && s.path("node").asText().equals(victimName);
            assertTrue(holdsPrimary, "the node killed holds a primary: " + shards);
            cluster.kill(victim);
            killedAt[0] = written.get();
            for (Future<?> f : done) f.get();
            pool.shutdown();
            int failedWrites = kept.size();
            // the spool drains once the store takes writes again
            long drainStart = System.nanoTime();
            while (!kept.isEmpty()) {
                StructuredRecord r = kept.peek();
                try {
                    store.addIfNewer(r, RecordStore.FINAL);
                    acknowledged.add(r.id());
                    kept.poll();
                } catch (StoreUnavailableException e) {
                    assertTrue(System.nanoTime() - drainStart < 120_000_000_000L, "the store takes writes again within 2 minutes: " + e.getMessage());
                    Thread.sleep(500);
                    store.recover();
                }
            }
            assertEquals(records.size(), acknowledged.size());
            assertEquals(records.size(), store.count(), "every record once: none lost, none twice");
            for (int i = 0; i < records.size(); i += 97) assertEquals(records.get(i), store.get(records.get(i).id()));
            String health = json.readTree(cluster.get("/_cluster/health")).path("status").asText();
            System.out.printf("failover: %s (holding a primary) killed after %d of %d writes; %d writes failed in the switch and were written again; "
                    + "cluster %s with one node; %d records, all there once%n", victimName, killedAt[0], records.size(), failedWrites, health, store.count());
            cluster.restart(victim);
            cluster.awaitHealth("green", 2, 180);
            assertEquals(records.size(), store.count(), "the node back: still every record once");
        }
    }
}
