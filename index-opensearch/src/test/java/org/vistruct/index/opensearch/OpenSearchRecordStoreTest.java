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
        root = Files.createTempDirectory("opensearch-contract");
        cluster = OpenSearchTestCluster.start(root, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Override
    protected RecordStore open(Path dir) {
        return new OpenSearchRecordStore(OpenSearchSettings.of(cluster.urls(), "contract-" + PREFIXES.incrementAndGet()).withFaceDimension(FACE_DIMENSION));
    }
}
