package org.vistruct.index.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vistruct.index.RecordStore;
import org.vistruct.index.RecordStoreContract;
import org.vistruct.testservers.OpenSearchTestCluster;

/**
 * The RecordStore contract on a real 2-node OpenSearch cluster (separate JVMs on 127.0.0.1): the
 * same tests, the same expected answers as the embedded index. Each test gets its own index prefix.
 */
class OpenSearchRecordStoreTest extends RecordStoreContract {
    private static OpenSearchTestCluster cluster;
    private static Path root;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        // nothing here touches the metadata database: bin/test's PostgreSQL pass need not start the cluster again
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("VISTRUCT_METADATA_URL") == null, "runs in the embedded pass");
        root = Files.createTempDirectory("opensearch-contract");
        cluster = OpenSearchTestCluster.start(root, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    /**
     * Two vistruct processes writing to one cluster, a subscriber's feed read on one of them while both
     * write: each reader stays below the other's in-flight writes (the floor the heartbeat carries
     * between nodes, given directly here), so every final record is read once, none passed by.
     */
    @org.junit.jupiter.api.Test
    void aFeedReadWhileTwoNodesWriteMissesNothing() throws Exception {
        OpenSearchSettings s = OpenSearchSettings.of(cluster.urls(), "twonodes").withFaceDimension(FACE_DIMENSION);
        try (OpenSearchRecordStore a = new OpenSearchRecordStore(s); OpenSearchRecordStore b = new OpenSearchRecordStore(s)) {
            a.feedFloor(b::localFeedHead);
            b.feedFloor(a::localFeedHead);
            java.util.List<org.vistruct.core.StructuredRecord> all = randomRecords(new java.util.Random(3), 600);
            long start = b.feedHead();
            java.util.Set<String> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger twice = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread reader = Thread.ofPlatform().start(() -> {
                long after = start;
                try {
                    while (true) {
                        boolean last = !writing.get();
                        RecordStore.FeedPage p = b.feed(after, org.vistruct.index.RecordQuery.all(1), 50);
                        for (RecordStore.FeedEntry e : p.entries()) if (!read.add(e.record().id())) twice.incrementAndGet();
                        if (p.entries().isEmpty() && last) return; // all writes had returned before this read: nothing more comes
                        after = p.next();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            java.util.List<Thread> writers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int part = t;
                OpenSearchRecordStore node = t % 2 == 0 ? a : b;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = part; i < all.size(); i += 4) node.add(all.get(i));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            for (Thread w : writers) w.join();
            writing.set(false);
            reader.join(60_000);
            org.junit.jupiter.api.Assertions.assertFalse(reader.isAlive(), "the reader caught up");
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (var r : all) expected.add(r.id());
            java.util.Set<String> missed = new java.util.TreeSet<>(expected);
            missed.removeAll(read);
            org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of(), missed, "records passed by the feed reader (of " + expected.size() + ")");
            org.junit.jupiter.api.Assertions.assertEquals(expected.size(), read.size());
            org.junit.jupiter.api.Assertions.assertEquals(0, twice.get(), "none twice");
        }
    }

    /**
     * A bulk load (a migration, the 10M benchmark): every record there once, readable by id and by
     * search, faces found by similarity; the month's index got its replica and refresh back and is
     * green; the loaded records are not in the feed (history is not sent to subscribers), while a
     * record written afterwards through the write path is.
     */
    @org.junit.jupiter.api.Test
    void aBulkLoadHoldsEveryRecordOnceAndRestoresTheIndexSettings() throws Exception {
        OpenSearchSettings s = OpenSearchSettings.of(cluster.urls(), "bulkload").withFaceDimension(FACE_DIMENSION);
        try (OpenSearchRecordStore store = new OpenSearchRecordStore(s)) {
            java.util.List<org.vistruct.core.StructuredRecord> all = randomRecords(new java.util.Random(11), 3000);
            long head = store.feedHead();
            // a record given twice (a source with a repeat): written once, by id
            java.util.List<org.vistruct.core.StructuredRecord> given = new java.util.ArrayList<>(all);
            given.add(all.get(0));
            OpenSearchRecordStore.BulkLoad load = store.load(given.iterator(), 700, 2);
            System.out.printf("bulk load: %d records in %.1f s, replicas green %.1f s later, into %s%n", load.records(), load.loadSeconds(),
                    load.replicaSeconds(), load.indices());
            org.junit.jupiter.api.Assertions.assertEquals(given.size(), load.records());
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var r : all) ids.add(r.id());
            org.junit.jupiter.api.Assertions.assertEquals(ids.size(), store.count(), "each record once");
            for (int i = 0; i < all.size(); i += 97) org.junit.jupiter.api.Assertions.assertEquals(all.get(i), store.get(all.get(i).id()));
            for (String index : load.indices()) {
                String settings = cluster.get("/" + index + "/_settings?flat_settings=true");
                org.junit.jupiter.api.Assertions.assertTrue(settings.contains("\"index.number_of_replicas\":\"1\""), settings);
                org.junit.jupiter.api.Assertions.assertTrue(settings.contains("\"index.refresh_interval\":\"1000ms\""), settings);
            }
            org.junit.jupiter.api.Assertions.assertTrue(cluster.get("/_cluster/health/bulkload-*").contains("\"status\":\"green\""));
            org.vistruct.core.StructuredRecord live = randomRecords(new java.util.Random(12), 1).get(0);
            store.add(live);
            org.junit.jupiter.api.Assertions.assertEquals(ids.size() + (ids.contains(live.id()) ? 0 : 1), store.count());
            org.junit.jupiter.api.Assertions.assertEquals(1, store.feedCount(head, org.vistruct.index.RecordQuery.all(1)),
                    "only the record written through the write path is in the feed");
        }
    }

    @Override
    protected RecordStore open(Path dir) {
        return new OpenSearchRecordStore(OpenSearchSettings.of(cluster.urls(), "contract-" + PREFIXES.incrementAndGet()).withFaceDimension(FACE_DIMENSION));
    }
}
