package org.vistruct.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TablesTest {
    static List<String> engines() { return Databases.engines(); }

    @ParameterizedTest
    @MethodSource("engines")
    void migrationsRunOnceAndJobIdsAreNeverReusedAcrossReopens(String engine) throws Exception {
        Path dir = Files.createTempDirectory("vistruct-meta");
        String first, second;
        try (MetadataDatabase db = Databases.open(engine, dir)) {
            JobTable jobs = new JobTable(db);
            first = jobs.nextId();
            jobs.save(new JobTable.JobRow(first, "a.mp4", "1", "RUNNING", 1, 2L, null, null, "{}"));
        }
        try (MetadataDatabase db = Databases.open(engine, dir)) {
            JobTable jobs = new JobTable(db);
            second = jobs.nextId();
            assertEquals("RUNNING", jobs.get(first).state());
            assertEquals(List.of(first), jobs.inState("RUNNING", "QUEUED").stream().map(JobTable.JobRow::id).toList());
            jobs.save(new JobTable.JobRow(first, "a.mp4", "1", "FAILED", 1, 2L, 3L, "interrupted", "{}"));
            assertEquals("interrupted", jobs.get(first).error());
            assertEquals(3L, jobs.get(first).finished());
        }
        assertEquals("job-000001", first);
        assertEquals("job-000002", second);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void tokensAreRevokedNotDeleted(String engine) throws Exception {
        try (MetadataDatabase db = Databases.fresh(engine)) {
            TokenTable t = new TokenTable(db);
            t.insert(new TokenTable.TokenRow("0a0b0c0d", "alice", "ADMIN", "ab".repeat(32), 5, null, null));
            t.insertIfAbsent(new TokenTable.TokenRow("0a0b0c0d", "mallory", "ADMIN", "cd".repeat(32), 6, null, null));
            assertEquals("alice", t.get("0a0b0c0d").name());
            assertEquals(1, t.countActive());
            assertTrue(t.revoke("0a0b0c0d", "root", 7));
            assertFalse(t.revoke("0a0b0c0d", "root", 8), "revoking twice");
            assertFalse(t.get("0a0b0c0d").active());
            assertEquals("root", t.get("0a0b0c0d").revokedBy());
            assertEquals(0, t.countActive());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anAlertIsRaisedWithItsDeliveriesAndItsHoldOrNotAtAll(String engine) throws Exception {
        try (MetadataDatabase db = Databases.fresh(engine)) {
            AlertTable alerts = new AlertTable(db);
            OutboxTable outbox = new OutboxTable(db);
            HoldTable holds = new HoldTable(db);
            SubscriberTable subs = new SubscriberTable(db);
            subs.insert(new SubscriberTable.SubscriberRow("s1", 1, "{}"));
            subs.insert(new SubscriberTable.SubscriberRow("s2", 1, "{}"));
            for (int i = 0; i < 5; i++) {
                AlertTable.AlertRow a = new AlertTable.AlertRow("AL" + i, 100 + i, "E1", i % 2 == 0 ? "checkpoint" : "other", "dev" + (i % 2), "R" + i,
                        i == 3 ? "浙G857PM" : "皖AT022C", "{\"n\":" + i + "}");
                HoldTable.Hold h = new HoldTable.Hold("alert:AL" + i, "R" + i, "MotorVehicle", "dev", 90L + i, HoldTable.Source.ALERT, null, "alert", "system", 100 + i,
                        null, null, null);
                assertTrue(alerts.raise(a, i % 2 == 0 ? List.of("s1", "s2") : List.of("s2"), "body" + i, h));
            }
            assertFalse(alerts.raise(new AlertTable.AlertRow("AL1", 999, "E1", "x", "d", "R1", null, "{}"), List.of("s1"), "again", null), "same alert twice");
            assertEquals(3, outbox.count("s1"));
            assertEquals(5, outbox.count("s2"));
            assertEquals(List.of("AL0", "AL2", "AL4"), outbox.pending("s1", 10).stream().map(OutboxTable.Delivery::alertId).toList());
            outbox.done("s1", "AL0");
            assertEquals("AL2", outbox.pending("s1", 1).getFirst().alertId());
            assertEquals(5, holds.countOpen());
            assertEquals(Set.of("R0", "R1"), holds.heldRecordIds(92L));
            AlertTable.Page p = alerts.find(new AlertTable.Filter(null, null, null, "checkpoint", null, null, null), 0, 2);
            assertEquals(3, p.total());
            assertEquals(List.of("{\"n\":4}", "{\"n\":2}"), p.bodies());
            assertEquals(List.of("{\"n\":3}"), alerts.find(new AlertTable.Filter(null, null, null, null, null, null, "浙G%"), 0, 10).bodies());
            assertEquals(2, alerts.find(new AlertTable.Filter(101L, 103L, null, null, null, null, null), 0, 10).total());
            assertEquals(List.of("AL3"), alerts.idsOfRecord("R3"));
            assertTrue(subs.delete("s2"));
            assertEquals(0, outbox.count("s2"), "a removed subscriber's deliveries go with it");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void holdsAreReleasedNeverDeleted(String engine) throws Exception {
        try (MetadataDatabase db = Databases.fresh(engine)) {
            HoldTable holds = new HoldTable(db);
            assertTrue(holds.place(new HoldTable.Hold("H1", "R1", "Face", "d", 10L, HoldTable.Source.CASE, "case-7", "suspect", "alice", 20, null, null, null)));
            assertFalse(holds.place(new HoldTable.Hold("H1", "R1", "Face", "d", 10L, HoldTable.Source.CASE, "case-7", "x", "bob", 21, null, null, null)));
            assertEquals(Set.of("R1"), holds.heldRecordIds(null));
            assertEquals(1, holds.open("case-7", 10).size());
            assertTrue(holds.release("H1", "bob", 30, "case closed"));
            assertFalse(holds.release("H1", "bob", 31, "again"));
            HoldTable.Hold h = holds.get("H1");
            assertFalse(h.open());
            assertEquals("bob", h.releasedBy());
            assertEquals("case closed", h.releaseReason());
            assertEquals(Set.of(), holds.heldRecordIds(null));
            assertEquals(1, holds.ofRecord("R1").size());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void devicesAndWatchEntriesArePerRowWrites(String engine) throws Exception {
        try (MetadataDatabase db = Databases.fresh(engine)) {
            DeviceTable devices = new DeviceTable(db);
            devices.save(new DeviceTable.DeviceRow("D1", "门口", "Hik", "X", "1.0", "auto",
                    List.of(new DeviceTable.ChannelRow("C1", "大门口", null, null, "ON", "D1", null, null))));
            devices.save(new DeviceTable.DeviceRow("D1", "门口", "Hik", "X", "1.1", "gb18030",
                    List.of(new DeviceTable.ChannelRow("C2", "后门", null, null, "OFF", "D1", null, null))));
            List<DeviceTable.DeviceRow> all = devices.all();
            assertEquals(1, all.size());
            assertEquals("1.1", all.getFirst().firmware());
            assertEquals(List.of("C2"), all.getFirst().channels().stream().map(DeviceTable.ChannelRow::id).toList());

            WatchTable w = new WatchTable(db);
            assertTrue(w.insert(new WatchTable.WatchRow("W1", "l", "PLATE", 1, "{}")));
            assertFalse(w.insert(new WatchTable.WatchRow("W1", "l", "PLATE", 1, "{}")));
            assertEquals(1, w.count());
            assertTrue(w.delete("W1"));
            assertEquals(0, w.count());
            MetaTable meta = new MetaTable(db);
            assertNull(meta.get("x"));
            meta.put("x", "1");
            meta.put("x", "2");
            assertEquals("2", meta.get("x"));
            assertNotNull(db.where());
        }
    }

    @Test
    void anUnreachablePostgresIsOneClearError() throws Exception {
        IOException e = assertThrows(IOException.class, () -> MetadataDatabase.open(
                new MetadataSettings("jdbc:postgresql://127.0.0.1:1/none", "u", "secret-password", "s", 2, true), Files.createTempDirectory("m")));
        assertTrue(e.getMessage().startsWith("metadata database jdbc:postgresql://127.0.0.1:1/none (schema s) cannot be reached"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-password"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new MetadataSettings("mysql://x", "", "", "", 2, true));
        assertTrue(bad.getMessage().contains("metadata.url"));
    }
}
