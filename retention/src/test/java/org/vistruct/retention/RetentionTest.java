package org.vistruct.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.PictureStore;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordScan;
import org.vistruct.metadata.HoldTable;
import org.vistruct.metadata.MetadataSettings;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.storage.EmbeddedS3Server;
import org.vistruct.core.ObjectKeys;
import org.vistruct.storage.S3PictureStore;
import org.vistruct.storage.S3Settings;
import org.vistruct.testservers.S3MockServer;

/**
 * Records of several ages, types and devices, two of them held (by hand, by an alert), a policy
 * applied on a real index, a real metadata database and a real S3 store (S3Proxy without object
 * lock; S3Mock with it): exactly the expected records and pictures go, the held ones stay with
 * legal holds where the store has object lock, the sweep finds nothing either way, and a released
 * hold lets its record expire at the next run.
 */
class RetentionTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long DAY = 86_400_000L, NOW = Instant.parse("2026-11-29T00:00:00Z").toEpochMilli();
    private static final String POLICY = "*:MotorVehicle=730,Face=365,Person=365,scene=90; CK*:MotorVehicle=3650";

    /** One test record and what the policy must leave of it. */
    private record Case(StructuredRecord record, boolean kept, boolean sceneKept) {}

    @ParameterizedTest
    @ValueSource(strings = {"s3proxy", "s3mock"})
    void exactlyWhatThePolicySaysGoesAndHeldRecordsStay(String store) throws Exception {
        Path dir = Files.createTempDirectory("vistruct-retention");
        S3MockServer mock = null;
        EmbeddedS3Server proxy = null;
        PictureStore pictures;
        if (store.equals("s3mock")) {
            mock = S3MockServer.start(dir.resolve("s3mock"));
            pictures = new S3PictureStore(new S3Settings(mock.endpoint(), "any", "anysecret", "evidence"), 3, 200, true);
            assertTrue(pictures.supportsLegalHold(), "a bucket made with object lock");
        } else {
            proxy = new EmbeddedS3Server(dir.resolve("objects"));
            pictures = new S3PictureStore(proxy.settings("vistruct"), 3, 200);
            assertFalse(pictures.supportsLegalHold());
        }
        try (MetadataStore meta = MetadataStore.open(metadataSettings(), dir); RecordIndex index = new RecordIndex(dir.resolve("index"))) {
            List<Case> cases = new ArrayList<>();
            int n = 0;
            for (int age : new int[] {10, 100, 400, 800}) {
                boolean scene = age < 90;
                cases.add(new Case(vehicle("A1", age, n++), age < 730, scene));
                cases.add(new Case(vehicle("CK1", age, n++), true, scene));
                cases.add(new Case(face("A1", age, n++), age < 365, scene));
                cases.add(new Case(person("CK1", age, n++), age < 365, scene));
            }
            for (Case c : cases) {
                for (String k : c.record().pictureKeys()) pictures.put(k, ("jpeg of " + k).getBytes());
                index.add(c.record());
            }
            index.commit();
            EvidenceHolds evidence = new EvidenceHolds(meta.holds(), index, pictures);
            StructuredRecord heldByHand = cases.get(12).record(), heldByAlert = cases.get(10).record(); // vehicle A1 800 days, face A1 400 days
            HoldTable.Hold manual = evidence.place(heldByHand.id(), HoldTable.Source.CASE, "case-2026-117", "suspect vehicle of a burglary", "alice");
            meta.holds().place(new HoldTable.Hold("alert:AL1", heldByAlert.id(), "Face", "A1", heldByAlert.time(), HoldTable.Source.ALERT, null,
                    "raised alert AL1", "system", NOW, null, null, null));
            evidence.held(heldByAlert);
            assertThrows(IllegalArgumentException.class, () -> evidence.place("no-such-record", HoldTable.Source.MANUAL, null, "x", "alice"));

            RetentionPolicy policy = RetentionPolicy.parse(POLICY);
            List<RetentionPlan.Line> plan = RetentionPlan.of(policy, index, NOW);
            long dueNow = plan.stream().filter(l -> !l.key().equals("scene")).mapToLong(RetentionPlan.Line::dueNow).sum();
            assertEquals(5, dueNow, "due (held ones counted, kept by the run): vehicle A1 800 days, faces and persons of 400 and 800 days: " + plan);

            RetentionRun.Report r = new RetentionRun(index, pictures, meta.holds(), evidence, policy).run(NOW);
            System.out.printf("retention on %s: %s%n", store, r);
            Set<String> expectIds = new TreeSet<>(), expectKeys = new TreeSet<>();
            for (Case c : cases) {
                boolean held = c.record() == heldByHand || c.record() == heldByAlert;
                if (!c.kept() && !held) continue;
                expectIds.add(c.record().id());
                for (String k : c.record().pictureKeys()) if (held || c.sceneKept() || !k.equals(c.record().sceneKey())) expectKeys.add(k);
            }
            assertEquals(expectIds, ids(index), "records left");
            assertEquals(expectKeys, keys(pictures), "pictures left");
            assertEquals(Map.of("Face", 1L, "Person", 2L), r.recordsExpired(), "expired by type (the vehicle and the face held)");
            assertEquals(2, r.heldKept());
            for (Case c : cases) {
                StructuredRecord left = index.get(c.record().id());
                boolean held = c.record() == heldByHand || c.record() == heldByAlert;
                if (left != null && !c.sceneKept() && !held) assertEquals(null, left.sceneKey(), c.record().id() + " keeps no key of a deleted scene");
            }
            OrphanSweep sweep = new OrphanSweep(index, pictures, k -> false);
            OrphanSweep.Report clean = sweep.run(null);
            assertEquals(0, clean.orphanObjects(), clean.toString());
            assertEquals(0, clean.danglingKeys(), clean.toString());
            if (pictures.supportsLegalHold()) {
                for (String k : heldByHand.pictureKeys()) assertTrue(pictures.isLegallyHeld(k), k + " under legal hold");
                for (String k : heldByAlert.pictureKeys()) assertTrue(pictures.isLegallyHeld(k), k + " under legal hold");
                assertFalse(pictures.isLegallyHeld(cases.get(0).record().pictureKeys().getFirst()));
            }
            // a second run changes nothing
            RetentionRun.Report again = new RetentionRun(index, pictures, meta.holds(), evidence, policy).run(NOW);
            assertEquals(0, again.records());
            assertEquals(0, again.scenesExpired());

            // released: expires at the next run, pictures and all
            assertTrue(evidence.release(manual.id(), "bob", "case closed"));
            assertFalse(evidence.release(manual.id(), "bob", "twice"));
            if (pictures.supportsLegalHold()) for (String k : heldByHand.pictureKeys()) assertFalse(pictures.isLegallyHeld(k), k + " released");
            RetentionRun.Report released = new RetentionRun(index, pictures, meta.holds(), evidence, policy).run(NOW);
            assertEquals(Map.of("MotorVehicle", 1L), released.recordsExpired());
            expectIds.remove(heldByHand.id());
            heldByHand.pictureKeys().forEach(expectKeys::remove);
            assertEquals(expectIds, ids(index));
            assertEquals(expectKeys, keys(pictures));

            // the sweep can fail: a picture without a record, a record without its picture
            pictures.put("A1/2020/01/01/00/ghost-scene.jpg", new byte[] {1});
            StructuredRecord young = cases.get(0).record();
            pictures.delete(List.of(young.pictureKeys().getFirst()));
            OrphanSweep.Report dirty = sweep.run(null);
            assertEquals(1, dirty.orphanObjects(), dirty.toString());
            assertEquals(1, dirty.danglingKeys(), dirty.toString());
            OrphanSweep.Report swept = sweep.run(System.currentTimeMillis() + 1000);
            assertEquals(1, swept.orphansDeleted());
            assertEquals(0, sweep.run(null).orphanObjects());
        } finally {
            pictures.close();
            if (proxy != null) proxy.close();
            if (mock != null) mock.close();
        }
    }

    @Test
    void rulesAreCheckedAndLaterRulesTakeOverTheirDevices() {
        RetentionPolicy p = RetentionPolicy.parse(POLICY);
        assertEquals(730, p.days("A1", "MotorVehicle"));
        assertEquals(3650, p.days("CK1", "MotorVehicle"));
        assertEquals(90, p.days("CK1", "scene"));
        assertEquals(365, p.days("CK1", "Person"));
        assertEquals(0, RetentionPolicy.parse("").days("A1", "Face"), "no rule: kept forever");
        var groups = p.groups();
        var vehicleDefault = groups.stream().filter(g -> g.key().equals("MotorVehicle") && g.ruleNo() == 1).findFirst().orElseThrow();
        assertEquals(List.of("CK*"), vehicleDefault.exceptDevices());
        for (String bad : List.of("A1", "*:Car=3", "*:Face=-1", "*:Face=x", "A B:Face=1", "A*B:Face=1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("retention.rules"), e.getMessage());
        }
    }

    static Set<String> ids(org.vistruct.index.RecordStore index) throws Exception {
        Set<String> out = new TreeSet<>();
        index.scan(RecordScan.all(), r -> out.add(r.id()));
        return out;
    }

    static Set<String> keys(PictureStore pictures) throws Exception {
        Set<String> out = new TreeSet<>();
        pictures.list("", o -> out.add(o.key()));
        return out;
    }

    static MotorVehicle vehicle(String device, int ageDays, int n) {
        long t = NOW - ageDays * DAY + 3_600_000L;
        String id = String.format("%s02%d%05d", device, t, n);
        return new MotorVehicle(id, device, t, t, t, "皖A" + String.format("%05d", n), ColorCode.BLUE, null, 90, VehicleClass.K33, 90, ColorCode.WHITE, 90,
                new Box(1, 1, 9, 9), key(device, t, id, "vehicle"), key(device, t, id, "plate"), key(device, t, id, "scene"), null, 0);
    }

    static Face face(String device, int ageDays, int n) {
        long t = NOW - ageDays * DAY + 3_600_000L;
        String id = String.format("%s06%d%05d", device, t, n);
        float[] f = new float[128];
        f[n % 128] = 1;
        return new Face(id, device, t, t, t, new Box(1, 1, 9, 9), f, 80, null, key(device, t, id, "face"), key(device, t, id, "scene"), null, 0);
    }

    static Person person(String device, int ageDays, int n) {
        long t = NOW - ageDays * DAY + 3_600_000L;
        String id = String.format("%s01%d%05d", device, t, n);
        return new Person(id, device, t, t, t, new Box(1, 1, 9, 9), 80, key(device, t, id, "person"), key(device, t, id, "scene"), null, 0);
    }

    private static String key(String device, long t, String id, String kind) { return ObjectKeys.of(device, t, id, kind, ZONE); }

    static MetadataSettings metadataSettings() {
        String url = System.getenv("VISTRUCT_METADATA_URL");
        return url == null || url.isBlank() ? MetadataSettings.embedded()
                : new MetadataSettings(url, System.getenv().getOrDefault("VISTRUCT_METADATA_USER", ""), System.getenv().getOrDefault("VISTRUCT_METADATA_PASSWORD", ""), "", 4, true);
    }

}
