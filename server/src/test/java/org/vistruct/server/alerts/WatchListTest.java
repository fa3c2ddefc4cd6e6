package org.vistruct.server.alerts;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;
import org.vistruct.metadata.MetadataSettings;
import org.vistruct.metadata.MetadataStore;

/** Matching by kind, validity, time-of-day windows across midnight, persistence and removal. */
class WatchListTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static long at(String isoLocal) { return LocalDateTime.parse(isoLocal).atZone(ZONE).toInstant().toEpochMilli(); }

    private static MotorVehicle vehicle(String plate, String device, long t, ColorCode color, VehicleClass cls) {
        return new MotorVehicle("R" + t, device, t, t, t, plate, ColorCode.BLUE, null, 90, cls, 90, color, 90, new Box(0, 0, 10, 10), null, null, null, null, 0);
    }

    private static WatchEntry plate(String id, String plate, long from, long to) {
        WatchEntry.Kind kind = plate.contains("*") || plate.contains("?") ? WatchEntry.Kind.PATTERN : WatchEntry.Kind.PLATE;
        return new WatchEntry(id, "default", kind, plate, null, null, 0f, null, from, to, 3, "test", "alice", 0);
    }

    private static Set<String> ids(List<WatchList.Match> matches) {
        return Set.copyOf(matches.stream().map(m -> m.entry().id()).toList());
    }

    private static MetadataStore store(Path dir) throws java.io.IOException {
        String url = System.getenv("VISTRUCT_METADATA_URL");
        MetadataSettings s = url == null ? MetadataSettings.embedded()
                : new MetadataSettings(url, System.getenv().getOrDefault("VISTRUCT_METADATA_USER", ""), System.getenv().getOrDefault("VISTRUCT_METADATA_PASSWORD", ""), "", 4, true);
        return MetadataStore.open(s, dir);
    }

    @Test
    void matchesByKindWithinValidityAndSurvivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("watch");
        long noon = at("2026-11-21T12:00:00");
        try (MetadataStore store = store(dir); WatchList w = new WatchList(store.watchEntries(), dir.resolve("faces"), ZONE)) {
            w.add(plate("exact", "皖AT022C", 0, 0));
            w.add(plate("prefix", "皖AT*", 0, 0));
            w.add(plate("unread", "皖A?022C", 0, 0));
            w.add(plate("expired", "皖AT022C", 0, at("2026-11-01T00:00:00")));
            w.add(plate("later", "皖AT022C", at("2026-12-01T00:00:00"), 0));
            w.add(new WatchEntry("night-red", "night", WatchEntry.Kind.VEHICLE, null,
                    new WatchEntry.VehicleRule(null, ColorCode.RED.code(), null, Set.of("34020000001320000001"), 22 * 60, 5 * 60),
                    null, 0f, null, 0, 0, 2, "red car seen at night", "alice", 0));
            assertEquals(Set.of("exact", "prefix", "unread"), ids(w.match(vehicle("皖AT022C", "34020000001320000001", noon, ColorCode.RED, VehicleClass.K33))));
            assertEquals(Set.of("prefix"), ids(w.match(vehicle("皖AT0999", "x", noon, ColorCode.WHITE, VehicleClass.K33))));
            assertEquals(Set.of(), ids(w.match(vehicle("浙G857PM", "x", noon, ColorCode.RED, VehicleClass.K33))));
            // the time-of-day window wraps midnight: 23:30 and 04:59 inside, 05:00 and noon outside; only on its device
            for (String t : List.of("2026-11-21T23:30:00", "2026-11-22T04:59:00")) {
                assertEquals(Set.of("night-red"), ids(w.match(vehicle("浙G857PM", "34020000001320000001", at(t), ColorCode.RED, VehicleClass.K33))), t);
            }
            assertEquals(Set.of(), ids(w.match(vehicle("浙G857PM", "34020000001320000001", at("2026-11-22T05:00:00"), ColorCode.RED, VehicleClass.K33))));
            assertEquals(Set.of(), ids(w.match(vehicle("浙G857PM", "34020000001320000002", at("2026-11-21T23:30:00"), ColorCode.RED, VehicleClass.K33))));
            assertEquals(Set.of(), ids(w.match(vehicle(MotorVehicle.NO_PLATE, "x", noon, ColorCode.WHITE, VehicleClass.K33))), "no plate, no plate match");
            assertThrows(IllegalArgumentException.class, () -> w.add(plate("bad", "皖A<script>", 0, 0)));
            assertThrows(IllegalArgumentException.class, () -> w.add(plate("tooloose", "?*", 0, 0)));
            assertThrows(IllegalArgumentException.class, () -> w.add(plate("exact", "皖B12345", 0, 0)), "ids are unique");
        }
        try (MetadataStore store = store(dir); WatchList w = new WatchList(store.watchEntries(), dir.resolve("faces"), ZONE)) {
            assertEquals(6, w.size(), "entries survive a restart");
            assertTrue(w.remove("prefix"));
            assertFalse(w.remove("prefix"));
            assertEquals(Set.of("exact", "unread"), ids(w.match(vehicle("皖AT022C", "x", noon, ColorCode.WHITE, VehicleClass.K33))));
        }
        try (MetadataStore store = store(dir); WatchList w = new WatchList(store.watchEntries(), dir.resolve("faces"), ZONE)) {
            assertNull(w.get("prefix"), "removal is persisted");
        }
    }

    @Test
    void addingOneEntryCostsTheSameAtAHundredThousand() throws Exception {
        Path dir = Files.createTempDirectory("watch");
        try (MetadataStore store = store(dir); WatchList w = new WatchList(store.watchEntries(), dir.resolve("faces"), ZONE)) {
            List<WatchEntry> many = new java.util.ArrayList<>();
            for (int i = 0; i < 20_000; i++) many.add(plate("bulk" + i, String.format("皖B%05d", i), 0, 0));
            w.addAll(many);
            w.add(plate("one", "皖AT022C", 0, 0));
            w.add(plate("pat", "皖C1*", 0, 0));
            assertEquals(20_002, w.size());
            assertEquals(Set.of("one"), ids(w.match(vehicle("皖AT022C", "x", 1, ColorCode.WHITE, VehicleClass.K33))));
            assertEquals(Set.of("bulk42"), ids(w.match(vehicle("皖B00042", "x", 1, ColorCode.WHITE, VehicleClass.K33))));
            assertEquals(Set.of("pat"), ids(w.match(vehicle("皖C12345", "x", 1, ColorCode.WHITE, VehicleClass.K33))));
            assertTrue(w.remove("pat"));
            assertEquals(Set.of(), ids(w.match(vehicle("皖C12345", "x", 1, ColorCode.WHITE, VehicleClass.K33))), "a removed pattern stops matching at once");
            assertTrue(w.remove("bulk42"));
            assertEquals(Set.of(), ids(w.match(vehicle("皖B00042", "x", 1, ColorCode.WHITE, VehicleClass.K33))));
            assertEquals(20_000, store.watchEntries().count(), "one row per entry, nothing rewritten");
        }
    }

}
