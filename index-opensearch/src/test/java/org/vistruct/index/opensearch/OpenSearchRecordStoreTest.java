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

    @Override
    protected RecordStore open(Path dir) {
        return new OpenSearchRecordStore(OpenSearchSettings.of(cluster.urls(), "contract-" + PREFIXES.incrementAndGet()).withFaceDimension(FACE_DIMENSION));
    }
}
