package org.vistruct.index;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateClass;
import org.vistruct.core.VehicleClass;

/** Many random records and random queries; every answer must equal a brute-force filter's. */
class RecordIndexRandomizedTest {
    private static final String PROVINCES = "皖苏沪浙京";
    private static final String CHARS = "ABCDEFGHJK0123456789";
    private static final String[] DEVICES = {"34020000001320000001", "34020000001320000002", "34020000001320000003"};

    @Test
    void randomQueriesMatchBruteForce(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<MotorVehicle> all = new ArrayList<>();
        try (RecordIndex index = new RecordIndex(dir)) {
            for (int i = 0; i < 2000; i++) {
                MotorVehicle r = randomRecord(rnd, i);
                all.add(r);
                index.add(r);
                if (i == 1000) index.commit();
            }
            for (int q = 0; q < 300; q++) {
                RecordQuery query = randomQuery(rnd);
                List<String> expected = all.stream().filter(r -> matches(query, r))
                        .sorted(Comparator.comparingLong(MotorVehicle::passTime).reversed().thenComparing(MotorVehicle::motorVehicleId))
                        .limit(query.limit()).map(MotorVehicle::motorVehicleId).toList();
                List<MotorVehicle> got = index.search(query, MotorVehicle.class);
                assertEquals(expected.size(), got.size(), "seed " + seed + " query " + query);
                for (int i = 1; i < got.size(); i++) assertTrue(got.get(i - 1).passTime() >= got.get(i).passTime(), "newest first");
                if (expected.size() < query.limit()) {
                    assertEquals(Set.copyOf(expected), Set.copyOf(got.stream().map(MotorVehicle::motorVehicleId).toList()), "seed " + seed + " " + query);
                }
            }
            MotorVehicle one = all.get(rnd.nextInt(all.size()));
            assertEquals(one, index.get(one.motorVehicleId()), "stored fields round-trip");
        }
        try (RecordIndex reopened = new RecordIndex(dir)) {
            assertEquals(all.size(), reopened.count(), "everything committed on close survives reopening");
        }
    }

    private static MotorVehicle randomRecord(Random rnd, int i) {
        String plate;
        if (rnd.nextInt(10) == 0) plate = MotorVehicle.NO_PLATE;
        else {
            StringBuilder sb = new StringBuilder().append(PROVINCES.charAt(rnd.nextInt(PROVINCES.length()))).append((char) ('A' + rnd.nextInt(4)));
            for (int k = 0; k < 5; k++) sb.append(CHARS.charAt(rnd.nextInt(CHARS.length())));
            plate = sb.toString();
        }
        ColorCode pc = plate.equals(MotorVehicle.NO_PLATE) ? null : rnd.nextBoolean() ? ColorCode.BLUE : ColorCode.GREEN;
        long t = 1_700_000_000_000L + rnd.nextInt(1_000_000) * 1000L;
        return new MotorVehicle(String.format("%048d", i), DEVICES[rnd.nextInt(DEVICES.length)], t, t - 500, t + 500,
                plate, pc, PlateClass.of(plate, pc), rnd.nextInt(101),
                VehicleClass.values()[rnd.nextInt(VehicleClass.values().length)], rnd.nextInt(101),
                ColorCode.values()[rnd.nextInt(5)], rnd.nextInt(101), new Box(1, 2, 30, 40),
                "k1", rnd.nextBoolean() ? "k2" : null, "k3", "/videos/a.mp4", rnd.nextInt(100_000));
    }

    private static RecordQuery randomQuery(Random rnd) {
        PlatePattern plate = null;
        switch (rnd.nextInt(7)) {
            case 0 -> plate = new PlatePattern(PROVINCES.charAt(rnd.nextInt(PROVINCES.length())) + "*");
            case 3 -> plate = new PlatePattern("*" + CHARS.charAt(rnd.nextInt(CHARS.length())) + CHARS.charAt(rnd.nextInt(CHARS.length())) + "*");
            case 4 -> plate = new PlatePattern("*" + CHARS.charAt(rnd.nextInt(CHARS.length())) + (rnd.nextBoolean() ? "*" : ""));
            case 1 -> plate = new PlatePattern("*" + CHARS.charAt(rnd.nextInt(CHARS.length())) + "*" + CHARS.charAt(rnd.nextInt(CHARS.length())));
            case 2 -> plate = new PlatePattern("?" + (char) ('A' + rnd.nextInt(4)) + "*");
            default -> { }
        }
        long from = 1_700_000_000_000L + rnd.nextInt(1_000_000) * 1000L;
        boolean time = rnd.nextBoolean();
        return new RecordQuery(plate,
                rnd.nextInt(3) == 0 ? ColorCode.BLUE : null,
                rnd.nextInt(3) == 0 ? ColorCode.values()[rnd.nextInt(5)] : null,
                rnd.nextInt(3) == 0 ? VehicleClass.values()[rnd.nextInt(VehicleClass.values().length)] : null,
                rnd.nextInt(3) == 0 ? Set.of(DEVICES[rnd.nextInt(DEVICES.length)]) : Set.of(),
                time ? from : null, time ? from + 200_000_000L : null, 1 + rnd.nextInt(3000));
    }

    private static boolean matches(RecordQuery q, MotorVehicle r) {
        if (q.plate() != null) {
            if (q.plate().text().equals("*")) {
                if (!r.hasPlate()) return false;
            } else {
                String regex = Pattern.quote(q.plate().text()).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
                if (!r.plateNo().matches(regex)) return false;
            }
        }
        if (q.plateColor() != null && q.plateColor() != r.plateColor()) return false;
        if (q.vehicleColor() != null && q.vehicleColor() != r.vehicleColor()) return false;
        if (q.vehicleClass() != null && q.vehicleClass() != r.vehicleClass()) return false;
        if (!q.deviceIds().isEmpty() && !q.deviceIds().contains(r.deviceId())) return false;
        if (q.from() != null && r.passTime() < q.from()) return false;
        if (q.to() != null && r.passTime() >= q.to()) return false;
        return true;
    }

    @Test
    void malformedPatternsAreRefusedWithAReason() {
        for (String bad : new String[] {"皖A[12", "皖A 12", "", "皖A*%", "x".repeat(20), "皖A\\1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlatePattern(bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
        assertEquals("皖A*62*", new PlatePattern(" 皖a*62* ").text());
        assertTrue(new PlatePattern("皖AT022C").isExact());
    }
}
