package org.vistruct.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vistruct.core.PictureStore;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordStore;
import org.vistruct.index.opensearch.OpenSearchRecordStore;
import org.vistruct.index.opensearch.OpenSearchSettings;
import org.vistruct.metadata.HoldTable;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.storage.S3PictureStore;
import org.vistruct.testservers.OpenSearchTestCluster;

/**
 * The same records and policy on the embedded index (record by record) and on a real OpenSearch
 * node (monthly indices): the same records and pictures are left and the same counts expire, and
 * on OpenSearch the month whose records all expired is gone as one index while a month with a held
 * record, and months with records still kept, are thinned record by record.
 */
class PartitionDropTest {
    private static final String POLICY = "*:MotorVehicle=730,Face=365,Person=365";

    @Test
    void aMonthWhoseRecordsAllExpiredIsDroppedWholeWithTheSameOutcome() throws Exception {
        assumeTrue(System.getenv("VISTRUCT_METADATA_URL") == null, "runs once, in the embedded pass");
        Path dir = Files.createTempDirectory("vistruct-partition-drop");
        List<StructuredRecord> records = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < 3; i++) records.add(i == 1 ? RetentionTest.person("A1", 800, n++) : RetentionTest.face("A1", 800, n++)); // all expired
        StructuredRecord held = RetentionTest.face("A1", 400, n++);
        records.add(held);
        records.add(RetentionTest.face("A1", 400, n++)); // expired, in a month with a held record
        records.add(RetentionTest.vehicle("A1", 500, n++)); // kept (730 days)
        records.add(RetentionTest.face("A1", 500, n++)); // expired, beside it
        records.add(RetentionTest.face("A1", 100, n++)); // kept
        try (OpenSearchTestCluster cluster = OpenSearchTestCluster.start(dir.resolve("opensearch"), 1);
             EmbeddedS3Server s3 = new EmbeddedS3Server(dir.resolve("objects"));
             MetadataStore meta = MetadataStore.open(RetentionTest.metadataSettings(), dir);
             RecordIndex embedded = new RecordIndex(dir.resolve("index"));
             OpenSearchRecordStore opensearch = new OpenSearchRecordStore(OpenSearchSettings.of(cluster.urls(), "drop").withReplicas(0));
             PictureStore embeddedPictures = new S3PictureStore(s3.settings("embedded"), 3, 200);
             PictureStore clusterPictures = new S3PictureStore(s3.settings("cluster"), 3, 200)) {
            meta.holds().place(new HoldTable.Hold("case:K1", held.id(), "Face", "A1", held.time(), HoldTable.Source.CASE, "K1", "a case", "alice",
                    RetentionTest.NOW, null, null, null));
            RetentionPolicy policy = RetentionPolicy.parse(POLICY);
            for (var pair : List.of(new Object[] {embedded, embeddedPictures}, new Object[] {opensearch, clusterPictures})) {
                RecordStore store = (RecordStore) pair[0];
                PictureStore pictures = (PictureStore) pair[1];
                for (StructuredRecord r : records) {
                    for (String k : r.pictureKeys()) pictures.put(k, ("jpeg of " + k).getBytes());
                    store.add(r);
                }
                store.commit();
            }
            String expiredMonth = "drop-" + Instant.ofEpochMilli(records.getFirst().time()).atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7).replace('-', '.');
            assertTrue(opensearch.partitions().stream().anyMatch(p -> p.name().equals(expiredMonth) && p.records() == 3), opensearch.partitions().toString());
            assertTrue(embedded.partitions().isEmpty(), "the embedded index is one index");

            RetentionRun.Report one = new RetentionRun(embedded, embeddedPictures, meta.holds(), null, policy).run(RetentionTest.NOW);
            RetentionRun.Report other = new RetentionRun(opensearch, clusterPictures, meta.holds(), null, policy).run(RetentionTest.NOW);
            System.out.printf("retention record by record (embedded): %s%nretention on OpenSearch: %s; monthly indices left %s%n", one, other,
                    opensearch.partitions().stream().map(RecordStore.Partition::name).toList());
            assertEquals(RetentionTest.ids(embedded), RetentionTest.ids(opensearch), "the same records left");
            assertEquals(RetentionTest.keys(embeddedPictures), RetentionTest.keys(clusterPictures), "the same pictures left");
            assertEquals(one.recordsExpired(), other.recordsExpired(), "the same expired, counted by type");
            assertEquals(one.picturesDeleted(), other.picturesDeleted());
            assertEquals(one.heldKept(), other.heldKept());
            assertEquals(java.util.Map.of("Face", 4L, "Person", 1L), other.recordsExpired());
            assertEquals(List.of(expiredMonth), other.partitionsDropped(), "the month whose records all expired went as one index");
            assertTrue(one.partitionsDropped().isEmpty());
            assertFalse(opensearch.partitions().stream().anyMatch(p -> p.name().equals(expiredMonth)));
            assertTrue(RetentionTest.ids(opensearch).contains(held.id()), "the held record stays");
            RetentionRun.Report again = new RetentionRun(opensearch, clusterPictures, meta.holds(), null, policy).run(RetentionTest.NOW);
            assertEquals(0, again.records());
            assertTrue(again.partitionsDropped().isEmpty());
            OrphanSweep.Report sweep = new OrphanSweep(opensearch, clusterPictures, k -> false).run(null);
            assertEquals(0, sweep.orphanObjects(), sweep.toString());
            assertEquals(0, sweep.danglingKeys(), sweep.toString());
        }
    }
}
