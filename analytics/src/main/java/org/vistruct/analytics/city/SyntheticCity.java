package org.vistruct.analytics.city;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.vistruct.analytics.Place;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.RecordIds;
import org.vistruct.core.RecordType;
import org.vistruct.core.VehicleClass;

/**
 * Synthetic city traffic for testing and measuring the tactics: a square grid of checkpoints 800 m
 * apart (with positions), vehicles with routines (commuters daily or every second or third day,
 * evening errands), and planted cases with their ground truth: cloned plates (two cars, far apart,
 * different colours, driving at the same hours), companions (a car following another a few
 * seconds behind), night-only cars, newcomers, cars looping around a block, and cars at three
 * scenes within their windows (with decoys at two). Cars drive 25-70 km/h along the grid.
 * Readings carry noise the rules must survive: 0.5 % without a plate, 1 % misread plates at low
 * reliability, 3 % misread colours at low reliability. Deterministic for a seed.
 */
public final class SyntheticCity {
    /** Where the passes go, in time order within each day. */
    public interface Sink {
        void write(MotorVehicle pass) throws IOException;
    }

    private static final double SPACING_M = 800, LAT0 = 31.75, LON0 = 117.10;
    private static final int NORMAL = 0, TWIN = 1, FOLLOWER = 2, NIGHT = 3, NEWCOMER = 4, LOOPER = 5;
    private static final String PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private static final ColorCode[] COLORS = {ColorCode.WHITE, ColorCode.WHITE, ColorCode.WHITE, ColorCode.BLACK, ColorCode.BLACK, ColorCode.GREY,
            ColorCode.GREY, ColorCode.RED, ColorCode.BLUE, ColorCode.YELLOW, ColorCode.GREEN, ColorCode.BROWN};

    private final CityPlan plan;
    private final Random random;
    private final int n; // vehicles in all, planted ones included
    private final String[] plate;
    private final int[] kind, home, work, period, phase, departMin, returnMin, firstDay, leader, delayS, block;
    private final ColorCode[] color;
    private final VehicleClass[] vclass;
    private final double[] speedKmh;
    private final boolean[] errands;
    private final String[] devices;
    private final GroundTruth truth;
    private final Set<Integer> burglars = new HashSet<>(), decoys = new HashSet<>();
    private final int[][] sceneNodes;
    private final int[] sceneDay, sceneFromMin;

    public SyntheticCity(CityPlan plan) {
        this.plan = plan;
        this.random = new Random(plan.seed());
        int side = plan.side();
        devices = new String[side * side];
        for (int i = 0; i < devices.length; i++) devices[i] = String.format("34010000001210%06d", i);
        n = plan.vehicles() + plan.clones() + plan.companions();
        plate = new String[n];
        kind = new int[n];
        home = new int[n];
        work = new int[n];
        period = new int[n];
        phase = new int[n];
        departMin = new int[n];
        returnMin = new int[n];
        firstDay = new int[n];
        leader = new int[n];
        delayS = new int[n];
        block = new int[n];
        color = new ColorCode[n];
        vclass = new VehicleClass[n];
        speedKmh = new double[n];
        errands = new boolean[n];
        Set<String> plates = new HashSet<>();
        for (int v = 0; v < plan.vehicles(); v++) {
            String p;
            do p = newPlate(); while (!plates.add(p));
            plate[v] = p;
            ordinary(v);
        }
        // planted kinds take the first ordinary vehicles' slots, in order
        int next = 0;
        Set<String> clones = new LinkedHashSet<>(), nightOnly = new LinkedHashSet<>();
        Map<String, String> companions = new LinkedHashMap<>();
        Map<String, Set<String>> homes = new LinkedHashMap<>();
        Map<String, Integer> newcomers = new LinkedHashMap<>();
        Map<String, Set<String>> frequent = new LinkedHashMap<>();
        int twins = plan.vehicles(), followers = plan.vehicles() + plan.clones();
        for (int i = 0; i < plan.clones(); i++, next++) {
            int v = next, t = twins + i;
            period[v] = 1;
            copy(v, t);
            kind[t] = TWIN;
            home[t] = farFrom(home[v]);
            work[t] = near(home[t], 3);
            color[t] = clearlyOther(color[v]);
            departMin[t] = departMin[v] + random.nextInt(3) - 1;
            returnMin[t] = returnMin[v] + random.nextInt(3) - 1;
            clones.add(plate[v]);
        }
        for (int i = 0; i < plan.companions(); i++, next++) {
            int v = next, f = followers + i;
            period[v] = 1;
            String p;
            do p = newPlate(); while (!plates.add(p));
            copy(v, f);
            plate[f] = p;
            kind[f] = FOLLOWER;
            leader[f] = v;
            delayS[f] = 5 + random.nextInt(30);
            color[f] = COLORS[random.nextInt(COLORS.length)];
            companions.put(plate[v], p);
        }
        for (int i = 0; i < plan.nightOnly(); i++, next++) {
            kind[next] = NIGHT;
            period[next] = 1;
            nightOnly.add(plate[next]);
        }
        int lastWeek = Math.max(1, plan.days() - 7);
        for (int i = 0; i < plan.newcomers(); i++, next++) {
            kind[next] = NEWCOMER;
            period[next] = 1;
            firstDay[next] = lastWeek + random.nextInt(plan.days() - lastWeek);
            newcomers.put(plate[next], firstDay[next]);
        }
        for (int i = 0; i < plan.frequent(); i++, next++) {
            kind[next] = LOOPER;
            period[next] = 1;
            int r, c;
            do {
                r = 1 + random.nextInt(side - 3);
                c = 1 + random.nextInt(side - 3);
            } while (r == 1 && c == 1 || r == 1 && c == side - 3);
            block[next] = r * side + c;
            frequent.put(plate[next], Set.of(devices[r * side + c], devices[r * side + c + 1], devices[(r + 1) * side + c + 1], devices[(r + 1) * side + c]));
        }
        // three scenes in three corners, the last three days: 10-12 h, 14-16 h, 02-04 h
        sceneNodes = new int[][] {{0, 1, side, side + 1}, {side - 2, side - 1, 2 * side - 2, 2 * side - 1},
                {(side - 2) * side, (side - 2) * side + 1, (side - 1) * side, (side - 1) * side + 1}};
        sceneDay = new int[] {plan.days() - 3, plan.days() - 2, plan.days() - 1};
        sceneFromMin = new int[] {10 * 60, 14 * 60, 2 * 60};
        List<GroundTruth.Scene> scenes = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Set<String> d = new LinkedHashSet<>();
            for (int node : sceneNodes[s]) d.add(devices[node]);
            long from = dayStart(sceneDay[s]) + sceneFromMin[s] * 60_000L;
            scenes.add(new GroundTruth.Scene(d, from, from + 2 * 3_600_000L));
        }
        Set<String> burglarPlates = new LinkedHashSet<>(), decoyPlates = new LinkedHashSet<>();
        for (int i = 0; i < plan.burglars(); i++, next++) {
            burglars.add(next);
            burglarPlates.add(plate[next]);
        }
        for (int i = 0; i < plan.burglars(); i++, next++) {
            decoys.add(next);
            decoyPlates.add(plate[next]);
        }
        for (int v = next; v < plan.vehicles() && homes.size() < 50; v++) {
            if (kind[v] == NORMAL && period[v] == 1) homes.put(plate[v], Set.of(devices[home[v]], devices[work[v]]));
        }
        truth = new GroundTruth(clones, companions, nightOnly, newcomers, frequent, scenes, burglarPlates, decoyPlates, homes, 0);
    }

    private void ordinary(int v) {
        kind[v] = NORMAL;
        double r = random.nextDouble();
        period[v] = r < 0.6 ? 1 : r < 0.85 ? 2 : 3;
        phase[v] = random.nextInt(3);
        home[v] = random.nextInt(devices.length);
        work[v] = near(home[v], 4);
        departMin[v] = 6 * 60 + 30 + random.nextInt(180);
        returnMin[v] = 16 * 60 + 30 + random.nextInt(150);
        color[v] = COLORS[random.nextInt(COLORS.length)];
        double c = random.nextDouble();
        vclass[v] = c < 0.70 ? VehicleClass.K33 : c < 0.85 ? VehicleClass.K31 : c < 0.88 ? VehicleClass.K11 : c < 0.95 ? VehicleClass.H21 : VehicleClass.X99;
        speedKmh[v] = 25 + random.nextDouble() * 45;
        errands[v] = random.nextDouble() < 0.1;
    }

    private void copy(int from, int to) {
        kind[to] = kind[from];
        period[to] = period[from];
        phase[to] = phase[from];
        home[to] = home[from];
        work[to] = work[from];
        departMin[to] = departMin[from];
        returnMin[to] = returnMin[from];
        color[to] = color[from];
        vclass[to] = vclass[from];
        speedKmh[to] = speedKmh[from];
        plate[to] = plate[from];
    }

    private String newPlate() {
        StringBuilder b = new StringBuilder("皖A");
        for (int i = 0; i < 5; i++) b.append(PLATE_CHARS.charAt(random.nextInt(PLATE_CHARS.length())));
        return b.toString();
    }

    private int near(int node, int maxSteps) {
        int side = plan.side();
        while (true) {
            int r = node / side + random.nextInt(2 * maxSteps + 1) - maxSteps, c = node % side + random.nextInt(2 * maxSteps + 1) - maxSteps;
            int steps = Math.abs(r - node / side) + Math.abs(c - node % side);
            if (r >= 0 && r < side && c >= 0 && c < side && steps >= 1 && steps <= maxSteps) return r * side + c;
        }
    }

    private int farFrom(int node) {
        int side = plan.side();
        while (true) {
            int other = random.nextInt(devices.length);
            if (Math.abs(other / side - node / side) + Math.abs(other % side - node % side) >= side / 2 + 1) return other;
        }
    }

    private ColorCode clearlyOther(ColorCode c) {
        ColorCode[] pick = {ColorCode.WHITE, ColorCode.BLACK, ColorCode.RED, ColorCode.BLUE, ColorCode.YELLOW, ColorCode.GREEN};
        while (true) {
            ColorCode o = pick[random.nextInt(pick.length)];
            if (o != c && !(c == ColorCode.GREY && (o == ColorCode.WHITE || o == ColorCode.BLACK)) && !(c == ColorCode.BROWN && o == ColorCode.RED)) return o;
        }
    }

    public GroundTruth truth() { return truth; }

    /** The checkpoints with their positions and names. */
    public List<Place> places() {
        List<Place> out = new ArrayList<>();
        int side = plan.side();
        double dLat = SPACING_M / 110_574, dLon = SPACING_M / (111_320 * Math.cos(Math.toRadians(LAT0)));
        for (int i = 0; i < devices.length; i++) {
            int r = i / side, c = i % side;
            out.add(new Place(devices[i], "卡口 " + (r + 1) + "路-" + (c + 1) + "街", LON0 + c * dLon, LAT0 + r * dLat));
        }
        return out;
    }

    public String device(int node) { return devices[node]; }

    public long dayStart(int day) { return plan.start() + day * 86_400_000L; }

    /** Generates every day's passes into the sink; returns the ground truth with the number of passes written. */
    public GroundTruth generate(Sink sink) throws IOException {
        RecordIds ids = new RecordIds(java.time.ZoneId.of("Asia/Shanghai"), (int) (plan.seed() % 100_000), 0);
        Random noise = new Random(plan.seed() + 1);
        long total = 0;
        for (int day = 0; day < plan.days(); day++) {
            Day d = new Day(day);
            for (int v = 0; v < n; v++) if (kind[v] != FOLLOWER) d.vehicle(v);
            for (int v = 0; v < n; v++) if (kind[v] == FOLLOWER) d.follow(v);
            total += d.emit(sink, ids, noise);
        }
        return new GroundTruth(truth.clones(), truth.companions(), truth.nightOnly(), truth.newcomers(), truth.frequentArea(), truth.scenes(),
                truth.burglars(), truth.decoys(), truth.stays(), total);
    }

    /** One day's passes as parallel columns, sorted by time when emitted. */
    private final class Day {
        final int day;
        final long start;
        int size;
        int[] vehicle = new int[1 << 16], node = new int[1 << 16];
        long[] time = new long[1 << 16];
        final Random r;
        /** Per leader, where its passes start and end in this day's columns (for followers). */
        final Map<Integer, int[]> ledBy = new HashMap<>();

        Day(int day) {
            this.day = day;
            this.start = dayStart(day);
            this.r = new Random(plan.seed() * 31 + day);
        }

        boolean active(int v) {
            if (kind[v] == NEWCOMER) return day >= firstDay[v];
            if (kind[v] == NIGHT) return r.nextDouble() < 0.9;
            return (day + phase[v]) % period[v] == 0;
        }

        void vehicle(int v) {
            int first = size;
            if (active(v)) {
                switch (kind[v]) {
                    case NIGHT -> {
                        int far = near(home[v], 4);
                        trip(v, home[v], far, 22 * 60 + 30 + r.nextInt(150));
                        trip(v, far, home[v], 26 * 60 + r.nextInt(120));
                    }
                    case LOOPER -> {
                        int b = block[v], side = plan.side();
                        int[] loop = {b, b + 1, b + side + 1, b + side};
                        long t = start + (9 * 60 + r.nextInt(20)) * 60_000L;
                        for (int k = 0; k < 40; k++) {
                            for (int node : loop) {
                                add(v, node, t);
                                t += (long) (SPACING_M / (speedKmh[v] / 3.6) * 1000) + r.nextInt(5000);
                            }
                            t += 60_000 + r.nextInt(60_000);
                        }
                    }
                    default -> {
                        trip(v, home[v], work[v], departMin[v] + r.nextInt(21) - 10);
                        int back = returnMin[v] + r.nextInt(31) - 15;
                        trip(v, work[v], home[v], back);
                        if (errands[v] && r.nextDouble() < 0.5) {
                            int shop = near(home[v], 3);
                            int at = back + 45 + r.nextInt(90); // once home: one car is never on two trips at once
                            trip(v, home[v], shop, at);
                            trip(v, shop, home[v], at + 30 + r.nextInt(30));
                        }
                    }
                }
            }
            for (int s = 0; s < 3; s++) {
                boolean goes = burglars.contains(v) || decoys.contains(v) && s < 2;
                if (goes && day == sceneDay[s]) {
                    long t = start + (sceneFromMin[s] + 10 + r.nextInt(80)) * 60_000L;
                    add(v, sceneNodes[s][r.nextInt(4)], t);
                    add(v, sceneNodes[s][r.nextInt(4)], t + 120_000 + r.nextInt(60_000));
                }
            }
            if (size > first) ledBy.put(v, new int[] {first, size});
        }

        void follow(int f) {
            int[] span = ledBy.get(leader[f]);
            if (span == null) return;
            for (int i = span[0]; i < span[1]; i++) add(f, node[i], time[i] + delayS[f] * 1000L + r.nextInt(6000) - 3000);
        }

        /** Drives from one checkpoint to another along the grid (rows or columns first, at random), passing each. */
        void trip(int v, int from, int to, int minuteOfDay) {
            int side = plan.side();
            long t = start + minuteOfDay * 60_000L + r.nextInt(60_000);
            int row = from / side, col = from % side, tr = to / side, tc = to % side;
            boolean rowsFirst = r.nextBoolean();
            long edgeMs = (long) (SPACING_M / (speedKmh[v] / 3.6) * 1000);
            add(v, from, t);
            while (row != tr || col != tc) {
                if (rowsFirst && row != tr || col == tc) row += Integer.signum(tr - row);
                else col += Integer.signum(tc - col);
                t += edgeMs + r.nextInt((int) (edgeMs / 4) + 1);
                add(v, row * side + col, t);
            }
        }

        void add(int v, int where, long t) {
            if (size == vehicle.length) {
                vehicle = Arrays.copyOf(vehicle, size * 2);
                node = Arrays.copyOf(node, size * 2);
                time = Arrays.copyOf(time, size * 2);
            }
            vehicle[size] = v;
            node[size] = where;
            time[size] = t;
            size++;
        }

        long emit(Sink sink, RecordIds ids, Random noise) throws IOException {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) keys[i] = (time[i] - start + 86_400_000L) << 30 | i; // up to 2 days of ms, 2^30 passes a day
            Arrays.sort(keys);
            for (long k : keys) {
                int i = (int) (k & ((1 << 30) - 1)), v = vehicle[i];
                sink.write(pass(v, devices[node[i]], time[i], ids, noise));
            }
            return size;
        }
    }

    private MotorVehicle pass(int v, String device, long t, RecordIds ids, Random noise) {
        String p = plate[v];
        int plateRel = 85 + noise.nextInt(15), colorRel = 75 + noise.nextInt(24), classRel = 75 + noise.nextInt(24);
        ColorCode c = color[v];
        double x = noise.nextDouble();
        if (x < 0.005) {
            p = MotorVehicle.NO_PLATE;
            plateRel = 0;
        } else if (x < 0.015) {
            char[] chars = p.toCharArray();
            chars[2 + noise.nextInt(5)] = PLATE_CHARS.charAt(noise.nextInt(PLATE_CHARS.length()));
            p = new String(chars);
            plateRel = 40 + noise.nextInt(40);
        }
        if (noise.nextDouble() < 0.03) {
            c = COLORS[noise.nextInt(COLORS.length)];
            colorRel = 30 + noise.nextInt(36);
        }
        VehicleClass k = vclass[v];
        ColorCode plateColor = k == VehicleClass.K11 || k == VehicleClass.H21 ? ColorCode.YELLOW : ColorCode.BLUE;
        return new MotorVehicle(ids.next(device, t, RecordType.MotorVehicle), device, t, t - 800, t + 800, p, plateColor, null, plateRel, k, classRel, c,
                colorRel, new Box(100, 100, 400, 300), null, null, null, null, 0);
    }
}
