package org.vistruct.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.vistruct.analytics.AnalyticsSettings;
import org.vistruct.analytics.Answer;
import org.vistruct.analytics.AreaCollision;
import org.vistruct.analytics.CloneWatch;
import org.vistruct.analytics.Investigations;
import org.vistruct.analytics.NightOnly;
import org.vistruct.analytics.Places;
import org.vistruct.analytics.Scope;
import org.vistruct.analytics.TravelTimes;
import org.vistruct.analytics.city.CityPlan;
import org.vistruct.analytics.city.GroundTruth;
import org.vistruct.analytics.city.SyntheticCity;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordQuery;

/**
 * The tactics on the synthetic city (529 checkpoints, 200,000 vehicles, about 1.3 million passes a day,
 * 30 days by default), each timed against a plain baseline in the same run: the same question
 * answered from search results (records built from stored fields, paged by device where a page would
 * pass the 10,000 limit), as a client of the search API would. The city is generated once into
 * {@code dir} and reused. Usage: bin/bench analytics [dir] [days].
 */
public final class AnalyticsBenchmark {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-out/analytics");
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long start = LocalDate.of(2026, 10, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();
        SyntheticCity city = new SyntheticCity(CityPlan.city(start, days));
        GroundTruth truth;
        Path done = dir.resolve("generated-" + days);
        try (RecordIndex index = new RecordIndex(dir.resolve("index"))) {
            if (!Files.exists(done)) truth = generate(city, index, dir, done);
            else truth = city.truth();
            report(city, truth, index, start, days, dir);
        }
    }

    static GroundTruth generate(SyntheticCity city, RecordIndex index, Path dir, Path done) throws Exception {
        BlockingQueue<List<MotorVehicle>> queue = new ArrayBlockingQueue<>(64);
        List<MotorVehicle> poison = List.of();
        Exception[] failed = {null};
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                try {
                    for (List<MotorVehicle> b = queue.take(); b != poison; b = queue.take()) for (MotorVehicle v : b) index.add(v);
                } catch (Exception e) {
                    failed[0] = e;
                }
            }));
        }
        long t0 = System.nanoTime();
        List<MotorVehicle>[] batch = new List[] {new ArrayList<>(1000)};
        long[] n = {0};
        GroundTruth truth = city.generate(v -> {
            batch[0].add(v);
            if (batch[0].size() == 1000) {
                try {
                    queue.put(batch[0]);
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                }
                batch[0] = new ArrayList<>(1000);
                if (++n[0] % 1000 == 0) System.out.printf("  %,d passes written, %.0f s%n", n[0] * 1000, (System.nanoTime() - t0) / 1e9);
            }
        });
        queue.put(batch[0]);
        for (int w = 0; w < writers.size(); w++) queue.put(poison);
        for (Thread w : writers) w.join();
        if (failed[0] != null) throw failed[0];
        index.commit();
        System.out.printf("generated %,d passes in %.0f s (%,.0f passes/s through RecordIndex.add, 2 writers)%n", truth.passes(), (System.nanoTime() - t0) / 1e9,
                truth.passes() / ((System.nanoTime() - t0) / 1e9));
        Files.writeString(done, Long.toString(truth.passes()));
        return truth;
    }

    interface Timed {
        Object run() throws Exception;
    }

    /** Median of runs after a first (cold) run and, for short questions, ten warm-up runs; prints both. Returns the median in ms. */
    static double time(String what, int runs, Timed t) throws Exception {
        long c0 = System.nanoTime();
        Object first = t.run();
        double cold = (System.nanoTime() - c0) / 1e6;
        // questions answered in well under a second get the JIT's attention first (a short question runs
        // little code many times; measured after one cold run, the first compiled tiers are what is timed)
        if (cold < 1000) for (int i = 0; i < 10; i++) t.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            t.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[runs / 2];
        System.out.printf("%-46s first %9.1f ms, median of %d %9.1f ms  (%s)%n", what, cold, runs, median, describe(first));
        return median;
    }

    static String describe(Object o) {
        if (o instanceof Answer<?> a) return a.results().size() + " results, " + a.passesRead() + " passes read";
        return String.valueOf(o);
    }

    static void report(SyntheticCity city, GroundTruth truth, RecordIndex index, long start, int days, Path dir) throws Exception {
        AnalyticsSettings s = new AnalyticsSettings(ZONE, 31, 600_000, Long.MAX_VALUE, 80, 150, 1, 20, 30 * 60_000L, 70, 6 * 3_600_000L);
        TravelTimes travel = new TravelTimes(s, new Places(city.places()));
        Investigations inv = new Investigations(index, s, travel);
        long end = start + days * 86_400_000L;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap0 = rt.totalMemory() - rt.freeMemory();
        System.out.printf("index: %,d records, %.2f GB on disk; heap before analytics %.0f MB%n", index.count(), size(dir.resolve("index")) / 1e9, heap0 / 1e6);
        long l0 = System.nanoTime();
        long obs = inv.learnTravelTimes(end - 7 * 86_400_000L, end);
        System.out.printf("travel times learned from 7 days: %,d observations, %d pairs, %.1f s%n", obs, travel.learnedPairs(), (System.nanoTime() - l0) / 1e9);

        List<String> plates = new ArrayList<>(truth.stays().keySet()).subList(0, 10);
        double traj = time("trajectory, one plate, " + days + " days (10 plates)", 3, () -> {
            Answer<?> last = null;
            for (String p : plates) last = inv.trajectory(Scope.of(start, end).withPlate(new PlatePattern(p)), 1000);
            return last;
        }) / plates.size();
        double trajBase = time("  baseline: search API pages, same plates", 3, () -> {
            int n = 0;
            for (String p : plates) n += index.page(new RecordQuery(new PlatePattern(p), null, null, null, Set.of(), start, end, 1000), 0, true).records().size();
            return n + " records";
        }) / plates.size();
        System.out.printf("  trajectory per plate %.2f ms, baseline %.2f ms: %.2fx%n", traj, trajBase, trajBase / traj);

        List<String> leaders = new ArrayList<>(truth.companions().keySet()).subList(0, 5);
        double comp = time("companions, one plate, " + days + " days (5 plates)", 3, () -> {
            Answer<?> last = null;
            for (String p : leaders) last = inv.companions(Scope.of(start, end), p, 60, 20, 2, 100);
            return last;
        }) / leaders.size();
        double compBase = time("  baseline: a search per target pass", 1, () -> {
            int found = 0;
            for (String p : leaders) {
                Map<String, Set<String>> seen = new HashMap<>();
                for (var t : index.search(new RecordQuery(new PlatePattern(p), null, null, null, Set.of(), start, end, 10_000))) {
                    for (var r : index.search(new RecordQuery(null, null, null, null, Set.of(t.deviceId()), t.time() - 60_000, t.time() + 60_001, 10_000))) {
                        if (r instanceof MotorVehicle v && !v.plateNo().equals(p)) seen.computeIfAbsent(v.plateNo(), k -> new HashSet<>()).add(t.id());
                    }
                }
                found += (int) seen.values().stream().filter(x -> x.size() >= 20).count();
            }
            return found + " companions";
        }) / leaders.size();
        System.out.printf("  companions per plate %.0f ms, baseline %.0f ms: %.2fx%n", comp, compBase, compBase / comp);

        List<AreaCollision.Window> w = truth.scenes().stream().map(x -> new AreaCollision.Window(x.devices(), x.from(), x.to(), false)).toList();
        double coll = time("area collision, 3 windows of 2 h", 5, () -> inv.collision(w, 3, Scope.of(start, end), 1000));
        double collBase = time("  baseline: search each window, intersect", 3, () -> {
            Set<String> common = null;
            for (var x : w) {
                Set<String> here = new HashSet<>();
                for (var r : index.search(new RecordQuery(null, null, null, null, x.devices(), x.from(), x.to(), 10_000))) here.add(((MotorVehicle) r).plateNo());
                if (common == null) common = here;
                else common.retainAll(here);
            }
            return common.size() + " plates";
        });
        System.out.printf("  collision %.1f ms, baseline %.1f ms: %.2fx%n", coll, collBase, collBase / coll);

        long day = end - 2 * 86_400_000L;
        double clone = time("cloned-plate scan, one day", 3, () -> inv.clones(Scope.of(day, day + 86_400_000L), true, 1000));
        double cloneBase = time("  baseline: the day's records by device, grouped", 1, () -> {
            Map<String, List<MotorVehicle>> byPlate = new HashMap<>();
            for (var p : city.places()) {
                for (var r : index.search(new RecordQuery(null, null, null, null, Set.of(p.deviceId()), day, day + 86_400_000L, 10_000))) {
                    MotorVehicle v = (MotorVehicle) r;
                    byPlate.computeIfAbsent(v.plateNo(), k -> new ArrayList<>()).add(v);
                }
            }
            int suspects = 0;
            for (var l : byPlate.values()) {
                l.sort((a, b) -> Long.compare(a.passTime(), b.passTime()));
                for (int i = 1; i < l.size(); i++) {
                    if (inv.rules().judge(l.get(i).plateNo(), l.get(i - 1).deviceId(), l.get(i - 1).passTime(), org.vistruct.index.PassAttributes.of(l.get(i - 1)),
                            l.get(i).deviceId(), l.get(i).passTime(), org.vistruct.index.PassAttributes.of(l.get(i)), true) != null) {
                        suspects++;
                        break;
                    }
                }
            }
            return suspects + " suspects";
        });
        System.out.printf("  clone scan %.0f ms, baseline %.0f ms: %.2fx%n", clone, cloneBase, cloneBase / clone);

        time("night-only, " + days + " days", 1, () -> inv.nightOnly(Scope.of(start, end), NightOnly.Hours.defaults(), days / 2, 0, 1000));
        time("first-seen, last 7 days vs 7 before", 1, () -> inv.firstSeen(Scope.of(end - 7 * 86_400_000L, end), 7, true, 1000));
        time("frequent, one day, >= 30 passes", 1, () -> inv.frequent(Scope.of(day, day + 86_400_000L), 30, 1000));
        time("stay points, one plate, " + days + " days", 3, () -> inv.stays(Scope.of(start, end).withPlate(new PlatePattern(plates.get(0))), 6, 10));

        // the real-time check: one day's passes in time order through the watch, as the write path would
        List<MotorVehicle> passes = new ArrayList<>();
        for (var p : city.places()) {
            for (var r : index.search(new RecordQuery(null, null, null, null, Set.of(p.deviceId()), day, day + 86_400_000L, 10_000))) passes.add((MotorVehicle) r);
        }
        passes.sort((a, b) -> Long.compare(a.passTime(), b.passTime()));
        CloneWatch warm = inv.cloneWatch(k -> false);
        for (MotorVehicle v : passes) warm.check(v);
        CloneWatch watch = inv.cloneWatch(k -> false);
        long c0 = System.nanoTime();
        for (MotorVehicle v : passes) watch.check(v);
        double perRecordUs = (System.nanoTime() - c0) / 1e3 / passes.size();
        Set<String> alarmed = new HashSet<>();
        CloneWatch again = inv.cloneWatch(k -> false);
        for (MotorVehicle v : passes) if (again.check(v) != null) alarmed.add(v.plateNo());
        Set<String> hit = new HashSet<>(alarmed);
        hit.retainAll(truth.clones());
        System.out.printf("real-time clone check: %,d passes, %.2f us per record, %d alarms on %d plates (%d planted clones of %d), %d plates remembered%n",
                passes.size(), perRecordUs, watch.alarms.sum(), alarmed.size(), hit.size(), truth.clones().size(), watch.remembered());
        passes.clear();
        System.gc();
        long heap1 = rt.totalMemory() - rt.freeMemory();
        System.out.printf("heap after analytics (plate and device dictionaries held): %.0f MB (+%.0f MB)%n", heap1 / 1e6, (heap1 - heap0) / 1e6);
    }

    static long size(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
