package org.vistruct.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.PassAttributes;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;

/**
 * Each tactic against a brute-force answer over the same passes held as a plain list: random
 * passes (some plates unreadable or read unreliably, several segments, some records replaced),
 * random parameters, many rounds. The seed is printed, so a failure can be replayed.
 */
class TacticsRandomizedTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long DAY = 86_400_000L;
    @TempDir
    Path dir;

    @Test
    void everyTacticAgreesWithBruteForce() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("TacticsRandomizedTest seed " + seed + " (-Dtests.seed=" + seed + " to replay)");
        Random r = new Random(seed);
        long start = ZonedDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZONE).toInstant().toEpochMilli();
        int days = 4;
        List<String> devices = new ArrayList<>();
        List<Place> places = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            devices.add(String.format("3401000000121000%04d", i));
            places.add(new Place(devices.get(i), "d" + i, 117.2 + r.nextInt(20) * 0.01, 31.8 + r.nextInt(20) * 0.01));
        }
        List<String> plates = new ArrayList<>();
        for (int i = 0; i < 30; i++) plates.add("皖A" + String.format("%05d", r.nextInt(100_000)));
        plates.add(MotorVehicle.NO_PLATE);
        plates.add("皖A-2345");
        List<MotorVehicle> passes = new ArrayList<>();
        Set<Long> times = new HashSet<>();
        try (RecordIndex index = new RecordIndex(dir.resolve("index"))) {
            int n = 1500 + r.nextInt(1000);
            for (int i = 0; i < n; i++) {
                long t;
                do t = start + (long) (r.nextDouble() * days * DAY) / 1000 * 1000; while (!times.add(t));
                String plate = plates.get(r.nextInt(plates.size()));
                ColorCode color = ColorCode.values()[r.nextInt(6)];
                VehicleClass cls = r.nextBoolean() ? VehicleClass.K33 : VehicleClass.H21;
                MotorVehicle v = new MotorVehicle(String.format("%048d", i), devices.get(r.nextInt(devices.size())), t, t, t, plate, ColorCode.BLUE, null,
                        60 + r.nextInt(40), cls, 60 + r.nextInt(40), color, 60 + r.nextInt(40), new Box(0, 0, 1, 1), null, null, null, null, 0);
                index.add(v);
                passes.add(v);
                if (r.nextInt(300) == 0) index.commit(); // several segments
            }
            AnalyticsSettings s = AnalyticsSettings.defaults(ZONE);
            Investigations inv = new Investigations(index, s, new TravelTimes(s, new Places(places)));
            for (int round = 0; round < 30; round++) {
                long from = start + r.nextInt(days * 24) * 3_600_000L, to = from + (1 + r.nextInt(days * 24)) * 3_600_000L;
                Set<String> devs = r.nextBoolean() ? Set.of() : twoOf(devices, r);
                Scope scope = new Scope(from, to, devs, null, null, null, null);
                String msg = "round " + round + " seed " + seed;

                int minPasses = 2 + r.nextInt(6);
                assertEquals(frequent(passes, scope, minPasses), tally(inv.frequent(scope, minPasses, 1000)), "frequent " + msg);

                int lookback = 1 + r.nextInt(2);
                boolean anywhere = r.nextBoolean();
                assertEquals(firstSeen(passes, scope, lookback, anywhere), plateSet(inv.firstSeen(scope, lookback, anywhere, 1000)), "first-seen " + msg);

                int nf = r.nextInt(1440), nt = (nf + 1 + r.nextInt(1439)) % 1440, df = r.nextInt(1440), dt = (df + 1 + r.nextInt(1439)) % 1440;
                NightOnly.Hours hours = new NightOnly.Hours(nf, nt, df, dt);
                {
                    int minNights = 1 + r.nextInt(2), maxDay = r.nextInt(3);
                    assertEquals(night(passes, scope, hours, minNights, maxDay), plateSet(inv.nightOnly(scope, hours, minNights, maxDay, 1000)), "night " + msg);
                }

                List<AreaCollision.Window> windows = new ArrayList<>();
                int k = 2 + r.nextInt(3);
                for (int w = 0; w < k; w++) {
                    long wf = start + r.nextInt(days * 24) * 3_600_000L;
                    windows.add(new AreaCollision.Window(twoOf(devices, r), wf, wf + (1 + r.nextInt(30)) * 3_600_000L,
                            w > 0 && r.nextInt(4) == 0));
                }
                long included = windows.stream().filter(w -> !w.exclude()).count();
                int minWindows = 1 + r.nextInt((int) included);
                assertEquals(collision(passes, windows, minWindows), plateSet2(inv.collision(windows, minWindows, Scope.of(0, 1), 1000)), "collision " + msg);

                String target = plates.get(r.nextInt(30));
                int windowS = 60 + r.nextInt(3540), minTimes = 1 + r.nextInt(2), minDevices = 1 + r.nextInt(2);
                assertEquals(companions(passes, scope, target, windowS, minTimes, minDevices),
                        inv.companions(scope, target, windowS, minTimes, minDevices, 1000).results().stream()
                                .collect(Collectors.toMap(CompanionFinder.Companion::plate, c -> c.times() + "/" + c.devices(), (a, b) -> a, TreeMap::new)), "companions " + msg);

                assertEquals(clones(passes, scope, inv.rules(), s), inv.clones(scope, true, 1000).results().stream()
                        .collect(Collectors.toMap(CloneScan.Suspect::plate, CloneScan.Suspect::breaches, (a, b) -> a, TreeMap::new)), "clones " + msg);

                double minHours = 0.5 + r.nextInt(12);
                Map<String, Integer> stays = new TreeMap<>();
                List<MotorVehicle> mineByTime = passes.stream().filter(p -> p.plateNo().equals(target) && in(p, scope))
                        .sorted(Comparator.comparingLong(MotorVehicle::passTime)).toList();
                for (int i = 1; i < mineByTime.size(); i++) {
                    if (mineByTime.get(i).passTime() - mineByTime.get(i - 1).passTime() >= minHours * 3_600_000L) stays.merge(mineByTime.get(i - 1).deviceId(), 1, Integer::sum);
                }
                assertEquals(stays, inv.stays(scope.withPlate(new PlatePattern(target)), minHours, 1000).results().stream()
                        .collect(Collectors.toMap(StayPoints.StayPoint::deviceId, StayPoints.StayPoint::stays, (a, b) -> a, TreeMap::new)), "stays " + msg);

                List<String> path = inv.trajectory(scope.withPlate(new PlatePattern(target)), 1000).results().stream().map(x -> x.pass().id()).toList();
                List<String> expected = passes.stream().filter(p -> p.plateNo().equals(target) && in(p, scope)).sorted(Comparator.comparingLong(MotorVehicle::passTime))
                        .map(MotorVehicle::id).toList();
                assertEquals(expected, path, "trajectory " + msg);
            }
        }
    }

    static Set<String> twoOf(List<String> devices, Random r) {
        return new HashSet<>(List.of(devices.get(r.nextInt(devices.size())), devices.get(r.nextInt(devices.size()))));
    }

    static boolean readable(MotorVehicle p) { return Readability.readable(p.plateNo()) && p.plateReliability() >= 80; }

    static boolean in(MotorVehicle p, Scope s) { return p.passTime() >= s.from() && p.passTime() < s.to() && (s.devices().isEmpty() || s.devices().contains(p.deviceId())); }

    static Map<String, Long> frequent(List<MotorVehicle> passes, Scope s, int min) {
        Map<String, Long> c = passes.stream().filter(p -> readable(p) && in(p, s)).collect(Collectors.groupingBy(MotorVehicle::plateNo, TreeMap::new, Collectors.counting()));
        c.values().removeIf(v -> v < min);
        return c;
    }

    static Map<String, Long> tally(Answer<PlateTally> a) {
        return a.results().stream().collect(Collectors.toMap(PlateTally::plate, PlateTally::count, (x, y) -> x, TreeMap::new));
    }

    static Set<String> plateSet(Answer<PlateTally> a) { return a.results().stream().map(PlateTally::plate).collect(Collectors.toCollection(TreeSet::new)); }

    static Set<String> plateSet2(Answer<AreaCollision.Hit> a) { return a.results().stream().map(AreaCollision.Hit::plate).collect(Collectors.toCollection(TreeSet::new)); }

    static Set<String> firstSeen(List<MotorVehicle> passes, Scope s, int lookback, boolean anywhere) {
        Set<String> now = passes.stream().filter(p -> readable(p) && in(p, s)).map(MotorVehicle::plateNo).collect(Collectors.toCollection(TreeSet::new));
        Scope before = new Scope(s.from() - lookback * DAY, s.from(), anywhere ? Set.of() : s.devices(), null, null, null, null);
        passes.stream().filter(p -> in(p, before)).forEach(p -> now.remove(p.plateNo()));
        return now;
    }

    static boolean inside(int m, int from, int to) { return from < to ? m >= from && m < to : m >= from || m < to; }

    static Set<String> night(List<MotorVehicle> passes, Scope s, NightOnly.Hours h, int minNights, int maxDay) {
        Map<String, Set<java.time.LocalDate>> nights = new HashMap<>();
        Map<String, Integer> day = new HashMap<>();
        for (MotorVehicle p : passes) {
            if (!readable(p) || !in(p, s)) continue;
            ZonedDateTime z = Instant.ofEpochMilli(p.passTime()).atZone(ZONE);
            int m = z.getHour() * 60 + z.getMinute();
            nights.computeIfAbsent(p.plateNo(), k -> new HashSet<>());
            day.putIfAbsent(p.plateNo(), 0);
            if (inside(m, h.nightFrom(), h.nightTo())) {
                java.time.LocalDate d = z.toLocalDate();
                if (h.nightFrom() > h.nightTo() && m < h.nightTo()) d = d.minusDays(1);
                nights.get(p.plateNo()).add(d);
            }
            if (inside(m, h.dayFrom(), h.dayTo())) day.merge(p.plateNo(), 1, Integer::sum);
        }
        Set<String> out = new TreeSet<>();
        nights.forEach((plate, n) -> { if (n.size() >= minNights && day.get(plate) <= maxDay) out.add(plate); });
        return out;
    }

    static Set<String> collision(List<MotorVehicle> passes, List<AreaCollision.Window> windows, int min) {
        Map<String, Integer> hits = new HashMap<>();
        Set<String> banned = new HashSet<>();
        for (AreaCollision.Window w : windows) {
            Set<String> here = passes.stream().filter(p -> readable(p) && w.devices().contains(p.deviceId()) && p.passTime() >= w.from() && p.passTime() < w.to())
                    .map(MotorVehicle::plateNo).collect(Collectors.toSet());
            if (w.exclude()) banned.addAll(here);
            else here.forEach(p -> hits.merge(p, 1, Integer::sum));
        }
        Set<String> out = new TreeSet<>();
        hits.forEach((p, n) -> { if (n >= min && !banned.contains(p)) out.add(p); });
        return out;
    }

    static Map<String, String> companions(List<MotorVehicle> passes, Scope s, String target, int windowS, int minTimes, int minDevices) {
        List<MotorVehicle> mine = passes.stream().filter(p -> p.plateNo().equals(target) && in(p, s)).toList();
        Map<String, Set<String>> times = new HashMap<>(), devs = new HashMap<>();
        for (MotorVehicle t : mine) {
            for (MotorVehicle p : passes) {
                if (p.plateNo().equals(target) || !readable(p) || !p.deviceId().equals(t.deviceId())) continue;
                if (Math.abs(p.passTime() - t.passTime()) > windowS * 1000L || p.passTime() < s.from() || p.passTime() >= s.to()) continue;
                times.computeIfAbsent(p.plateNo(), k -> new HashSet<>()).add(t.id());
                devs.computeIfAbsent(p.plateNo(), k -> new HashSet<>()).add(t.deviceId());
            }
        }
        Map<String, String> out = new TreeMap<>();
        times.forEach((p, ts) -> { if (ts.size() >= minTimes && devs.get(p).size() >= minDevices) out.put(p, ts.size() + "/" + devs.get(p).size()); });
        return out;
    }

    static Map<String, Integer> clones(List<MotorVehicle> passes, Scope s, CloneRules rules, AnalyticsSettings settings) {
        Map<String, List<MotorVehicle>> byPlate = passes.stream().filter(p -> readable(p) && in(p, s)).collect(Collectors.groupingBy(MotorVehicle::plateNo));
        Map<String, Integer> out = new TreeMap<>();
        byPlate.forEach((plate, list) -> {
            List<MotorVehicle> l = new ArrayList<>(list);
            l.sort(Comparator.comparingLong(MotorVehicle::passTime));
            int n = 0;
            for (int i = 1; i < l.size(); i++) {
                MotorVehicle a = l.get(i - 1), b = l.get(i);
                if (rules.judge(plate, a.deviceId(), a.passTime(), PassAttributes.of(a), b.deviceId(), b.passTime(), PassAttributes.of(b), true) != null) n++;
            }
            if (n > 0) out.put(plate, n);
        });
        return out;
    }
}
