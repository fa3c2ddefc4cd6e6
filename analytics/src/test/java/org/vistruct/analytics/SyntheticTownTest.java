package org.vistruct.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.analytics.city.CityPlan;
import org.vistruct.analytics.city.GroundTruth;
import org.vistruct.analytics.city.SyntheticCity;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;

/**
 * Every tactic against a generated town (100 checkpoints, 8,000 vehicles and the planted cases,
 * 10 days, real Lucene on disk): each must find what was planted with precision and recall of at
 * least 0.95; the figures are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticTownTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    @TempDir
    static Path dir;
    RecordIndex index;
    Investigations inv;
    SyntheticCity city;
    GroundTruth truth;
    long start;
    final int days = 10;

    @BeforeAll
    void generate() throws Exception {
        start = LocalDate.of(2026, 11, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        city = new SyntheticCity(CityPlan.town(start, days));
        index = new RecordIndex(dir.resolve("index"));
        long t0 = System.nanoTime();
        truth = city.generate(index::add);
        index.commit();
        System.out.printf("town: %d passes over %d days written in %.1f s%n", truth.passes(), days, (System.nanoTime() - t0) / 1e9);
        AnalyticsSettings s = AnalyticsSettings.defaults(ZONE);
        inv = new Investigations(index, s, new TravelTimes(s, new Places(city.places())));
        long learned = inv.learnTravelTimes(start, start + days * 86_400_000L);
        System.out.printf("travel times: %d observations, %d pairs%n", learned, inv.travelTimes().learnedPairs());
    }

    @AfterAll
    void close() throws Exception {
        index.close();
    }

    static double[] score(String what, Set<String> found, Set<String> planted) {
        Set<String> hit = new HashSet<>(found);
        hit.retainAll(planted);
        double precision = found.isEmpty() ? 0 : (double) hit.size() / found.size(), recall = planted.isEmpty() ? 0 : (double) hit.size() / planted.size();
        System.out.printf("%-12s found %4d, planted %4d, precision %.3f, recall %.3f%n", what, found.size(), planted.size(), precision, recall);
        return new double[] {precision, recall};
    }

    static void atLeast95(double[] pr) {
        assertTrue(pr[0] >= 0.95 && pr[1] >= 0.95, "precision " + pr[0] + ", recall " + pr[1]);
    }

    @Test
    void clonesOfOneDay() throws Exception {
        long day = start + 5 * 86_400_000L;
        Answer<CloneScan.Suspect> a = inv.clones(Scope.of(day, day + 86_400_000L), true, 1000);
        System.out.printf("clones: %d passes read, %d left out as unreadable, %d ms%n", a.passesRead(), a.excluded(), a.elapsedMs());
        atLeast95(score("clones", a.results().stream().map(CloneScan.Suspect::plate).collect(Collectors.toSet()), truth.clones()));
        assertTrue(a.excluded() > 0, "misread and plateless passes are left out and counted");
        long travel = a.results().stream().filter(x -> x.rule() == CloneRules.Rule.TRAVEL).count();
        System.out.printf("clones by impossible travel: %d, by attribute conflict: %d%n", travel, a.results().size() - travel);
        CloneScan.Suspect s = a.results().get(0);
        assertEquals(s.plate(), s.first().plateNo());
        assertEquals(s.plate(), s.second().plateNo());
    }

    @Test
    void realTimeCloneCheck() throws Exception {
        // the same town again (deterministic), each pass through the real-time check as the write path would
        CloneWatch watch = inv.cloneWatch(k -> false);
        Set<String> alarmed = new HashSet<>();
        long[] nanos = {0};
        new SyntheticCity(CityPlan.town(start, days)).generate(v -> {
            long t0 = System.nanoTime();
            CloneWatch.Alarm a = watch.check(v);
            nanos[0] += System.nanoTime() - t0;
            if (a != null) alarmed.add(a.plate());
        });
        System.out.printf("real-time clone check: %d passes, %.2f us each, %d alarms%n", watch.checks(), nanos[0] / 1e3 / watch.checks(), watch.alarms.sum());
        atLeast95(score("real-time", alarmed, truth.clones()));
        // a dismissed pair stays quiet
        CloneWatch quiet = inv.cloneWatch(k -> true);
        new SyntheticCity(CityPlan.town(start, 3)).generate(quiet::check);
        assertEquals(0, quiet.alarms.sum(), "every pair dismissed: no alarm");
        assertTrue(quiet.quieted.sum() > 0);
    }

    @Test
    void companionsOverTheRange() throws Exception {
        Set<String> found = new LinkedHashSet<>(), planted = new LinkedHashSet<>();
        long ms = 0;
        for (var e : truth.companions().entrySet()) {
            Answer<CompanionFinder.Companion> a = inv.companions(Scope.of(start, start + days * 86_400_000L), e.getKey(), 60, 20, 2, 100);
            ms += a.elapsedMs();
            for (var c : a.results()) found.add(e.getKey() + ">" + c.plate());
            if (a.results().stream().noneMatch(c -> c.plate().equals(e.getValue())) || a.results().size() > 1) {
                System.out.println("  " + e.getKey() + " (follower " + e.getValue() + "): " + a.results().stream().map(c -> c.plate() + " " + c.times() + "x/" + c.devices() + "d").toList());
            }
            planted.add(e.getKey() + ">" + e.getValue());
        }
        System.out.printf("companions: %d leaders in %d ms%n", truth.companions().size(), ms);
        atLeast95(score("companions", found, planted));
    }

    @Test
    void areaCollision() throws Exception {
        List<AreaCollision.Window> w = truth.scenes().stream().map(s -> new AreaCollision.Window(s.devices(), s.from(), s.to(), false)).toList();
        Answer<AreaCollision.Hit> all3 = inv.collision(w, 3, Scope.of(start, start + 1), 1000);
        atLeast95(score("collision 3", all3.results().stream().map(AreaCollision.Hit::plate).collect(Collectors.toSet()), truth.burglars()));
        Answer<AreaCollision.Hit> two = inv.collision(w, 2, Scope.of(start, start + 1), 1000);
        Set<String> both = new HashSet<>(truth.burglars());
        both.addAll(truth.decoys());
        atLeast95(score("collision 2", two.results().stream().map(AreaCollision.Hit::plate).collect(Collectors.toSet()), both));
        AreaCollision.Hit h = all3.results().get(0);
        assertEquals(3, h.windowsHit());
        for (List<MotorVehicle> passes : h.windows()) assertTrue(!passes.isEmpty(), "each window's passes are the evidence");
    }

    @Test
    void nightOnly() throws Exception {
        Answer<PlateTally> n = inv.nightOnly(Scope.of(start, start + days * 86_400_000L), NightOnly.Hours.defaults(), days / 2, 0, 1000);
        System.out.printf("night-only: %d passes read in %d ms%n", n.passesRead(), n.elapsedMs());
        atLeast95(score("night-only", n.results().stream().map(PlateTally::plate).collect(Collectors.toSet()), truth.nightOnly()));
    }

    @Test
    void firstSeen() throws Exception {
        long weekStart = start + (days - 7) * 86_400_000L;
        Answer<PlateTally> a = inv.firstSeen(Scope.of(weekStart, start + days * 86_400_000L), 3, true, 1000);
        Set<String> planted = truth.newcomers().keySet();
        System.out.printf("first-seen: %d passes read in %d ms%n", a.passesRead(), a.elapsedMs());
        atLeast95(score("first-seen", a.results().stream().map(PlateTally::plate).collect(Collectors.toSet()), planted));
    }

    @Test
    void frequent() throws Exception {
        long day = start + 4 * 86_400_000L;
        Answer<PlateTally> a = inv.frequent(Scope.of(day, day + 86_400_000L), 30, 1000);
        atLeast95(score("frequent", a.results().stream().map(PlateTally::plate).collect(Collectors.toSet()), truth.frequentArea().keySet()));
        // at one looper's block only: that looper, and no one else passes 30 times
        var e = truth.frequentArea().entrySet().iterator().next();
        Answer<PlateTally> one = inv.frequent(Scope.of(day, day + 86_400_000L).withDevices(e.getValue()), 30, 10);
        assertTrue(one.results().stream().anyMatch(t -> t.plate().equals(e.getKey())));
    }

    @Test
    void staysAtHome() throws Exception {
        Set<String> found = new HashSet<>(), planted = new HashSet<>();
        for (var e : truth.stays().entrySet()) {
            // a commuter stops for more than 6 hours at home (nights) and at work (days): its two first stay points
            Answer<StayPoints.StayPoint> a = inv.stays(Scope.of(start, start + days * 86_400_000L).withPlate(new PlatePattern(e.getKey())), 6, 5);
            a.results().stream().limit(2).forEach(p -> found.add(e.getKey() + "@" + p.deviceId()));
            e.getValue().forEach(d -> planted.add(e.getKey() + "@" + d));
        }
        atLeast95(score("stay points", found, planted));
    }
}
