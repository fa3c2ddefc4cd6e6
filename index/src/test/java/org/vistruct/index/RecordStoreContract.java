package org.vistruct.index;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.PlateClass;
import org.vistruct.core.RecordIds;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;

/**
 * What every {@link RecordStore} must answer, checked against brute force over the records written:
 * searches with every filter, pages, face search with filters, versions, maintenance walks, the
 * feed, and the analytics columns. The embedded index runs it in this module; every other
 * implementation (OpenSearch) runs the same tests by extending it, so both give the same answers.
 * Records span three months and two id forms (GA/T 1400 ids and foreign ones).
 */
public abstract class RecordStoreContract {
    public static final int FACE_DIMENSION = 32;
    private static final String PROVINCES = "皖苏沪";
    private static final String CHARS = "ABCD0123456789";
    private static final String[] DEVICES = {"34020000001320000001", "34020000001320000002", "34020000001320000003", "44010000001320000009"};
    /** 2026-09-01T00:00Z: records spread over September to November. */
    private static final long START = 1_788_220_800_000L;

    /** A new, empty store of the implementation under test (faces of {@link #FACE_DIMENSION} values). */
    protected abstract RecordStore open(Path dir) throws Exception;

    @Test
    void searchesAndPagesMatchBruteForce(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<StructuredRecord> all = randomRecords(rnd, 600);
        try (RecordStore store = open(dir)) {
            writeConcurrently(store, all);
            assertEquals(all.size(), store.count());
            List<MotorVehicle> vehicles = all.stream().filter(r -> r instanceof MotorVehicle).map(r -> (MotorVehicle) r).toList();
            for (int i = 0; i < 120; i++) {
                RecordQuery q = randomQuery(rnd);
                List<String> expected = all.stream().filter(r -> matches(q, r)).sorted(NEWEST_FIRST).map(StructuredRecord::id).toList();
                List<String> got = store.search(q).stream().map(StructuredRecord::id).toList();
                assertEquals(expected.subList(0, Math.min(q.limit(), expected.size())), got, "seed " + seed + " " + q);
                int offset = rnd.nextInt(5);
                boolean oldest = rnd.nextBoolean();
                RecordStore.Page page = store.page(q, offset, oldest);
                List<String> ordered = new ArrayList<>(expected);
                if (oldest) ordered.sort(Comparator.comparing((String id) -> time(all, id)).thenComparing(id -> id));
                assertEquals(expected.size(), page.total(), "total, seed " + seed + " " + q);
                assertTrue(page.totalExact());
                assertEquals(ordered.subList(Math.min(offset, ordered.size()), Math.min(ordered.size(), offset + q.limit())),
                        page.records().stream().map(StructuredRecord::id).toList(), "page from " + offset + (oldest ? " oldest first" : "") + ", seed " + seed);
            }
            MotorVehicle one = vehicles.get(rnd.nextInt(vehicles.size()));
            assertEquals(one, store.get(one.id()), "a vehicle round-trips field for field");
            assertEquals(one, store.search(q(new PlatePattern(one.plateNo()), null, Set.of(), null, null, 1000, Set.of()))
                    .stream().filter(r -> r.id().equals(one.id())).findFirst().orElseThrow());
            assertNull(store.get("no-such-record"));
        }
    }

    @Test
    void faceSearchWithFiltersMatchesBruteForce(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<StructuredRecord> all = new ArrayList<>();
        List<Face> faces = new ArrayList<>();
        RecordIds ids = new RecordIds(ZoneOffset.UTC);
        for (int i = 0; i < 400; i++) {
            long t = START + rnd.nextInt(80 * 24 * 3600) * 1000L;
            String device = DEVICES[rnd.nextInt(DEVICES.length)];
            Face f = new Face(ids.next(device, t, RecordType.Face), device, t, t - 100, t + 100, new Box(1, 2, 3, 4), randomUnit(rnd),
                    rnd.nextInt(101), null, "f" + i, "s" + i, "/v.mp4", i);
            faces.add(f);
            all.add(f);
            if (i % 4 == 0) all.add(new Person(ids.next(device, t, RecordType.Person), device, t, t, t, new Box(0, 0, 9, 9), 80, "b", "s", "/v.mp4", i));
        }
        try (RecordStore store = open(dir)) {
            writeConcurrently(store, all);
            for (int q = 0; q < 30; q++) {
                float[] target = randomUnit(rnd);
                Set<String> devices = rnd.nextBoolean() ? Set.of() : Set.of(DEVICES[rnd.nextInt(DEVICES.length)]);
                Long from = rnd.nextBoolean() ? null : START + rnd.nextInt(40 * 24 * 3600) * 1000L;
                Long to = from == null || rnd.nextBoolean() ? null : from + 30L * 24 * 3600 * 1000;
                int k = 1 + rnd.nextInt(15);
                float min = rnd.nextInt(3) == 0 ? 0.2f : 0f;
                List<String> expected = faces.stream().filter(f -> (devices.isEmpty() || devices.contains(f.deviceId()))
                                && (from == null || f.shotTime() >= from) && (to == null || f.shotTime() < to) && Math.max(0, cos(f.feature(), target)) >= min)
                        .sorted(Comparator.comparingDouble((Face f) -> -cos(f.feature(), target))).limit(k).map(Face::faceId).toList();
                List<FaceHit> hits = store.searchFaces(new FaceQuery(target, k, min, devices, from, to));
                assertEquals(expected, hits.stream().map(h -> h.face().faceId()).toList(), "seed " + seed);
                for (FaceHit h : hits) assertEquals(Math.max(0, cos(h.face().feature(), target)), h.similarity(), 1e-4, "similarity is the cosine");
            }
            Face one = faces.get(rnd.nextInt(faces.size()));
            assertEquals(one, store.get(one.faceId()), "a face round-trips, feature included");
            assertEquals(one.faceId(), store.searchFaces(new FaceQuery(one.feature(), 1, 0.99f, Set.of(), null, null)).get(0).face().faceId());
            assertEquals(all.size() - faces.size(), store.search(RecordQuery.all(1000).withTypes(Set.of(RecordType.Person))).size());
        }
    }

    @Test
    void versionsRewritesAndDeletes(@TempDir Path dir) throws Exception {
        Random rnd = new Random(7);
        List<StructuredRecord> some = randomRecords(rnd, 40);
        try (RecordStore store = open(dir)) {
            MotorVehicle v = (MotorVehicle) some.stream().filter(r -> r instanceof MotorVehicle m && m.storageUrl3() != null).findFirst().orElseThrow();
            assertNull(store.versionOf(v.id()));
            store.add(v, RecordStore.PROVISIONAL);
            assertEquals(RecordStore.PROVISIONAL, store.versionOf(v.id()));
            long fed = store.feedCount(0, RecordQuery.all(1));
            assertEquals(0, fed, "a provisional record is not fed");
            store.add(v, RecordStore.FINAL);
            assertEquals(RecordStore.FINAL, store.versionOf(v.id()));
            assertEquals(RecordStore.FINAL, store.versionInView(v.id()));
            assertFalse(store.addIfNewer(v, RecordStore.PROVISIONAL), "an older version never replaces a newer one");
            assertTrue(store.addIfNewer(v, RecordStore.FINAL));
            assertEquals(1, store.count());
            RecordStore.FeedPage before = store.feed(0, RecordQuery.all(10), 10);
            assertEquals(1, before.entries().size());
            store.rewrite(v.withoutScene());
            assertEquals(RecordStore.FINAL, store.versionOf(v.id()), "a rewrite keeps the version");
            assertNull(((MotorVehicle) store.get(v.id())).storageUrl3());
            RecordStore.FeedPage after = store.feed(0, RecordQuery.all(10), 10);
            assertEquals(before.entries().get(0).position(), after.entries().get(0).position(), "a rewrite keeps the feed position");
            assertEquals(0, store.feedCount(before.next(), RecordQuery.all(1)), "a rewrite is not fed again");
            writeConcurrently(store, some);
            store.delete(v.id());
            assertNull(store.get(v.id()));
            List<String> gone = some.stream().map(StructuredRecord::id).filter(id -> !id.equals(v.id())).limit(10).toList();
            store.deleteAll(gone);
            store.commit();
            for (String id : gone) assertNull(store.get(id), id);
            assertEquals(some.size() - 1 - gone.size(), store.count());
            store.delete("never-written");
        }
    }

    @Test
    void maintenanceWalksMatchBruteForce(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<StructuredRecord> all = randomRecords(rnd, 300);
        try (RecordStore store = open(dir)) {
            writeConcurrently(store, all);
            for (int i = 0; i < 30; i++) {
                Set<RecordType> types = rnd.nextBoolean() ? Set.of() : Set.of(RecordType.values()[rnd.nextInt(RecordType.values().length)]);
                List<String> devices = rnd.nextBoolean() ? List.of() : List.of(rnd.nextBoolean() ? DEVICES[rnd.nextInt(DEVICES.length)] : "3402*");
                List<String> except = rnd.nextInt(3) == 0 ? List.of(DEVICES[0]) : List.of();
                Long before = rnd.nextBoolean() ? null : START + rnd.nextInt(80 * 24 * 3600) * 1000L;
                boolean scene = rnd.nextBoolean();
                RecordScan scan = new RecordScan(types, devices, except, before, scene);
                Predicate<StructuredRecord> p = r -> (types.isEmpty() || types.contains(r.type()))
                        && (devices.isEmpty() || devices.stream().anyMatch(d -> device(d, r.deviceId())))
                        && except.stream().noneMatch(d -> device(d, r.deviceId())) && (before == null || r.time() < before) && (!scene || r.sceneKey() != null);
                List<String> expected = all.stream().filter(p).map(StructuredRecord::id).sorted().toList();
                List<String> got = new ArrayList<>();
                assertEquals(expected.size(), store.scan(scan, r -> got.add(r.id())), "seed " + seed + " " + scan);
                Collections.sort(got);
                assertEquals(expected, got, "seed " + seed + " " + scan);
                assertEquals(expected.size(), store.count(scan));
                Long oldest = all.stream().filter(p).map(StructuredRecord::time).min(Long::compare).orElse(null);
                assertEquals(oldest, store.oldest(scan));
            }
            long offset = 50;
            List<String> fromSource = all.stream().filter(r -> "/videos/a.mp4".equals(r.sourceFile()) && r.sourceOffsetMs() >= offset)
                    .map(StructuredRecord::id).sorted().toList();
            assertEquals(fromSource, store.fromSource("/videos/a.mp4", offset).stream().map(StructuredRecord::id).sorted().toList());
        }
    }

    @Test
    void feedGivesFinalRecordsInWriteOrder(@TempDir Path dir) throws Exception {
        Random rnd = new Random(11);
        List<StructuredRecord> all = randomRecords(rnd, 60);
        try (RecordStore store = open(dir)) {
            long start = store.feedHead();
            List<String> finals = new ArrayList<>();
            for (StructuredRecord r : all) {
                boolean provisional = rnd.nextInt(4) == 0;
                store.add(r, provisional ? RecordStore.PROVISIONAL : RecordStore.FINAL);
                if (!provisional) finals.add(r.id());
            }
            assertTrue(store.feedHead() > start);
            List<String> read = new ArrayList<>();
            long after = start, last = start;
            for (int guard = 0; guard < 100; guard++) {
                RecordStore.FeedPage p = store.feed(after, RecordQuery.all(1), 7);
                for (RecordStore.FeedEntry e : p.entries()) {
                    assertTrue(e.position() > last, "positions increase");
                    last = e.position();
                    read.add(e.record().id());
                }
                if (p.next() == after) break;
                after = p.next();
            }
            assertEquals(finals, read, "every final record, once, in the order written");
            assertEquals(0, store.feedCount(after, RecordQuery.all(1)));
            assertEquals(finals.size(), store.feedCount(start, RecordQuery.all(1)));
            RecordQuery vehicles = RecordQuery.all(1).withTypes(Set.of(RecordType.MotorVehicle));
            long expectedVehicles = all.stream().filter(r -> finals.contains(r.id()) && r instanceof MotorVehicle).count();
            assertEquals(expectedVehicles, store.feedCount(start, vehicles));
        }
    }

    @Test
    void passColumnsMatchTheRecords(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<StructuredRecord> all = randomRecords(rnd, 400);
        try (RecordStore store = open(dir)) {
            writeConcurrently(store, all);
            try (PassView view = store.passes()) {
                for (int i = 0; i < 20; i++) {
                    RecordQuery q = randomQuery(rnd);
                    Map<String, MotorVehicle> expected = new HashMap<>();
                    for (StructuredRecord r : all) if (r instanceof MotorVehicle v && matches(q.withTypes(Set.of()), v)) expected.put(v.id(), v);
                    List<Long> refs = new ArrayList<>();
                    List<String> seen = new ArrayList<>();
                    long n = view.scan(q, (plate, device, time, attributes, ref) -> {
                        refs.add(ref);
                        seen.add(view.plate(plate) + "|" + view.device(device) + "|" + time + "|" + attributes);
                    });
                    assertEquals(expected.size(), n, "seed " + seed + " " + q);
                    List<MotorVehicle> records = view.records(refs.stream().mapToLong(Long::longValue).toArray());
                    for (int k = 0; k < records.size(); k++) {
                        MotorVehicle v = records.get(k);
                        assertEquals(expected.get(v.id()), v);
                        assertEquals(v.plateNo() + "|" + v.deviceId() + "|" + v.passTime() + "|" + PassAttributes.of(v), seen.get(k), "columns of " + v.id());
                    }
                }
                long plates = all.stream().filter(r -> r instanceof MotorVehicle).map(r -> ((MotorVehicle) r).plateNo()).distinct().count();
                assertTrue(view.plateIds() >= plates, "every plate has an id below plateIds()");
                assertTrue(view.deviceIds() >= 1);
                MotorVehicle v = (MotorVehicle) all.stream().filter(r -> r instanceof MotorVehicle).findFirst().orElseThrow();
                assertEquals(v.plateNo(), view.plate(view.plateId(v.plateNo())));
                assertEquals(-1, view.plateId("皖Z00000"));
                assertEquals(0, view.uncolumned(null, null));
            }
        }
    }

    // ---- records, queries and brute force

    private static final Comparator<StructuredRecord> NEWEST_FIRST = Comparator.comparingLong(StructuredRecord::time).reversed()
            .thenComparing(StructuredRecord::id);

    private static long time(List<StructuredRecord> all, String id) {
        return all.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().time();
    }

    private static boolean device(String pattern, String id) {
        return pattern.endsWith("*") ? id.startsWith(pattern.substring(0, pattern.length() - 1)) : id.equals(pattern);
    }

    /** Writes from 4 threads at once, as live streams do. */
    protected static void writeConcurrently(RecordStore store, List<StructuredRecord> records) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int part = t;
                done.add(pool.submit(() -> {
                    for (int i = part; i < records.size(); i += 4) store.add(records.get(i));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
    }

    /** Vehicles (most), faces and people, with unique times, over three months; a quarter have foreign (non GA/T 1400) ids. */
    public static List<StructuredRecord> randomRecords(Random rnd, int n) {
        RecordIds ids = new RecordIds(ZoneOffset.UTC);
        List<StructuredRecord> out = new ArrayList<>();
        Set<Long> times = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            long t;
            do {
                t = START + rnd.nextInt(80 * 24 * 3600) * 1000L + rnd.nextInt(1000);
            } while (!times.add(t));
            String device = DEVICES[rnd.nextInt(DEVICES.length)];
            boolean foreign = rnd.nextInt(4) == 0;
            int kind = rnd.nextInt(10);
            String source = rnd.nextBoolean() ? "/videos/a.mp4" : null;
            long offset = rnd.nextInt(100);
            if (kind < 7) {
                String plate;
                if (rnd.nextInt(10) == 0) plate = MotorVehicle.NO_PLATE;
                else {
                    StringBuilder sb = new StringBuilder().append(PROVINCES.charAt(rnd.nextInt(PROVINCES.length()))).append((char) ('A' + rnd.nextInt(3)));
                    for (int k = 0; k < 5; k++) sb.append(CHARS.charAt(rnd.nextInt(CHARS.length())));
                    plate = sb.toString();
                }
                ColorCode pc = plate.equals(MotorVehicle.NO_PLATE) ? null : rnd.nextBoolean() ? ColorCode.BLUE : ColorCode.GREEN;
                String id = foreign ? "ext-vehicle-" + i : ids.next(device, t, RecordType.MotorVehicle);
                out.add(new MotorVehicle(id, device, t, t - 500, t + 500, plate, pc, PlateClass.of(plate, pc), rnd.nextInt(101),
                        VehicleClass.values()[rnd.nextInt(4)], rnd.nextInt(101), ColorCode.values()[rnd.nextInt(4)], rnd.nextInt(101),
                        new Box(1, 2, 30, 40), "k1-" + i, rnd.nextBoolean() ? "k2-" + i : null, rnd.nextBoolean() ? "k3-" + i : null, source, offset));
            } else if (kind < 9) {
                String id = foreign ? "ext-face-" + i : ids.next(device, t, RecordType.Face);
                out.add(new Face(id, device, t, t - 100, t + 100, new Box(1, 2, 3, 4), randomUnit(rnd), rnd.nextInt(101), null, "f" + i,
                        rnd.nextBoolean() ? "s" + i : null, source, offset));
            } else {
                String id = foreign ? "ext-person-" + i : ids.next(device, t, RecordType.Person);
                out.add(new Person(id, device, t, t, t, new Box(0, 0, 9, 9), 80, "b" + i, rnd.nextBoolean() ? "s" + i : null, source, offset));
            }
        }
        return out;
    }

    private static RecordQuery q(PlatePattern plate, ColorCode plateColor, Set<String> devices, Long from, Long to, int limit, Set<RecordType> types) {
        return new RecordQuery(plate, plateColor, null, null, devices, from, to, limit, types);
    }

    protected static RecordQuery randomQuery(Random rnd) {
        PlatePattern plate = switch (rnd.nextInt(8)) {
            case 0 -> new PlatePattern(PROVINCES.charAt(rnd.nextInt(PROVINCES.length())) + "*");
            case 1 -> new PlatePattern("*" + CHARS.charAt(rnd.nextInt(CHARS.length())) + CHARS.charAt(rnd.nextInt(CHARS.length())) + "*");
            case 2 -> new PlatePattern("?" + (char) ('A' + rnd.nextInt(3)) + "*" + CHARS.charAt(rnd.nextInt(CHARS.length())));
            case 3 -> new PlatePattern("*");
            case 4 -> new PlatePattern(MotorVehicle.NO_PLATE);
            default -> null;
        };
        ColorCode plateColor = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? ColorCode.BLUE : ColorCode.GREEN) : null;
        ColorCode vehicleColor = rnd.nextInt(4) == 0 ? ColorCode.values()[rnd.nextInt(4)] : null;
        VehicleClass cls = rnd.nextInt(5) == 0 ? VehicleClass.values()[rnd.nextInt(4)] : null;
        Set<String> devices = rnd.nextInt(3) == 0 ? new java.util.HashSet<>(List.of(DEVICES[rnd.nextInt(DEVICES.length)], DEVICES[rnd.nextInt(DEVICES.length)])) : Set.of();
        Long from = rnd.nextBoolean() ? START + rnd.nextInt(60 * 24 * 3600) * 1000L : null;
        Long to = rnd.nextBoolean() ? (from == null ? START : from) + (1 + rnd.nextInt(30 * 24 * 3600)) * 1000L : null;
        Set<RecordType> types = rnd.nextInt(3) == 0 ? Set.of(RecordType.values()[rnd.nextInt(RecordType.values().length)]) : Set.of();
        return new RecordQuery(plate, plateColor, vehicleColor, cls, devices, from, to, 1 + rnd.nextInt(60), types);
    }

    /** The query's meaning, written out: plate and vehicle filters match only vehicles. */
    protected static boolean matches(RecordQuery q, StructuredRecord r) {
        if (!q.types().isEmpty() && !q.types().contains(r.type())) return false;
        if (!q.deviceIds().isEmpty() && !q.deviceIds().contains(r.deviceId())) return false;
        if (q.from() != null && r.time() < q.from()) return false;
        if (q.to() != null && r.time() >= q.to()) return false;
        boolean vehicleFilter = q.plate() != null || q.plateColor() != null || q.vehicleColor() != null || q.vehicleClass() != null;
        if (!vehicleFilter) return true;
        if (!(r instanceof MotorVehicle v)) return false;
        if (q.plate() != null) {
            if (q.plate().text().equals("*")) {
                if (!v.hasPlate()) return false;
            } else if (!q.plate().matches(v.plateNo())) {
                return false;
            }
        }
        if (q.plateColor() != null && q.plateColor() != v.plateColor()) return false;
        if (q.vehicleColor() != null && q.vehicleColor() != v.vehicleColor()) return false;
        return q.vehicleClass() == null || q.vehicleClass() == v.vehicleClass();
    }

    protected static float[] randomUnit(Random rnd) {
        float[] v = new float[FACE_DIMENSION];
        double n = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(n);
        return v;
    }

    protected static float cos(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return (float) (dot / Math.sqrt(na * nb));
    }
}
