package org.vistruct.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.vistruct.core.Box;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.FaceHit;
import org.vistruct.index.FaceQuery;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;
import org.vistruct.index.RecordStore;
import org.vistruct.metadata.WatchTable;

/**
 * The watch lists, kept in the metadata database (one row per entry, the one source of truth), with
 * one lookup structure per kind so that matching a record does not walk the list: exact plates by
 * hash, patterns in a {@link PlatePatternTrie}, faces by vector search in their own small index
 * (rebuilt from the database at start); vehicle rules, few by nature, are checked in turn.
 *
 * <p>A change writes one row and updates the lookups in place, so adding an entry costs the same
 * at 100 entries and at 100,000. Changes are serialised by the list's lock; matching reads the
 * lookups without it (concurrent maps, copy-on-write lists), seeing each entry wholly or not yet.
 */
public final class WatchList implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Face candidates looked at per record: enough for one person enrolled from several photos. */
    private static final int FACE_CANDIDATES = 20;
    private final WatchTable table;
    private final ZoneId zone;
    private final Map<String, WatchEntry> byId = new ConcurrentHashMap<>();
    private final Map<String, List<String>> exact = new ConcurrentHashMap<>();
    private final PlatePatternTrie patterns = new PlatePatternTrie();
    private volatile List<WatchEntry> vehicleRules = List.of();
    private volatile float minFaceSimilarity = 1f;
    private final RecordStore faces;

    /** One entry that matched a record, with the similarity for face entries (1 for the others). */
    public record Match(WatchEntry entry, float similarity) {}

    /** Loads the entries; the face index lives in {@code faceDir} and is rebuilt from the database. */
    public WatchList(WatchTable table, Path faceDir, ZoneId zone) throws IOException {
        this.table = table;
        this.zone = zone;
        deleteTree(faceDir); // derived from the database: rebuilt, so the two never disagree after a crash
        this.faces = new RecordIndex(faceDir);
        load();
    }

    /** The version of the database's watch lists these lookups hold. */
    private volatile long loaded = -1;

    /** Fills the lookups from the database (read after its version, so a change made meanwhile is loaded again next time). */
    private void load() throws IOException {
        long version = table.version();
        for (WatchTable.WatchRow r : table.all()) {
            WatchEntry e;
            try {
                e = JSON.readValue(r.body(), WatchEntry.class);
            } catch (IOException | RuntimeException ex) {
                throw new IOException("watch entry " + r.id() + " in the metadata database cannot be read (" + ex.getMessage() + ")", ex);
            }
            index(e);
        }
        faces.commit();
        loaded = version;
    }

    /**
     * Loads the lists again when another node changed them (several nodes on one database); cheap when
     * nothing changed (one read of the version). Called after every heartbeat.
     */
    public synchronized boolean refreshIfChanged() throws IOException {
        long version = table.version();
        if (version == loaded) return false;
        // entry by entry (entries never change, they are added or removed): matching goes on meanwhile and never misses one that stays
        Map<String, WatchEntry> now = new java.util.HashMap<>();
        for (WatchTable.WatchRow r : table.all()) now.put(r.id(), JSON.readValue(r.body(), WatchEntry.class));
        for (WatchEntry e : List.copyOf(byId.values())) if (!now.containsKey(e.id())) unindex(e);
        for (WatchEntry e : now.values()) if (!byId.containsKey(e.id())) index(e);
        faces.commit();
        loaded = version;
        return true;
    }

    /** Checks and adds one entry, durable when this returns. */
    public synchronized WatchEntry add(WatchEntry e) throws IOException {
        check(e);
        if (byId.containsKey(e.id()) || !table.insert(row(e))) throw new IllegalArgumentException("watch entry " + e.id() + " exists");
        index(e);
        return e;
    }

    /** Adds many at once in one transaction: imports and benchmarks. */
    public synchronized void addAll(List<WatchEntry> list) throws IOException {
        for (WatchEntry e : list) check(e);
        List<WatchTable.WatchRow> rows = new ArrayList<>(list.size());
        for (WatchEntry e : list) rows.add(row(e));
        table.insertAll(rows);
        for (WatchEntry e : list) if (!byId.containsKey(e.id())) index(e);
    }

    public synchronized boolean remove(String id) throws IOException {
        WatchEntry e = byId.get(id);
        if (e == null) return false;
        table.delete(id);
        unindex(e);
        return true;
    }

    /** Takes one entry out of the lookups. */
    private void unindex(WatchEntry e) throws IOException {
        String id = e.id();
        byId.remove(id);
        switch (e.kind()) {
            case PLATE -> exact.computeIfPresent(new PlatePattern(e.plate()).text(), (k, ids) -> {
                List<String> left = new ArrayList<>(ids);
                left.remove(id);
                return left.isEmpty() ? null : List.copyOf(left);
            });
            case PATTERN -> patterns.remove(new PlatePattern(e.plate()).text(), id);
            case VEHICLE -> vehicleRules = vehicleRules.stream().filter(v -> !v.id().equals(id)).toList();
            case FACE -> {
                faces.delete(id);
                minFaceSimilarity = (float) byId.values().stream().filter(x -> x.kind() == WatchEntry.Kind.FACE)
                        .mapToDouble(WatchEntry::minSimilarity).min().orElse(1);
            }
        }
    }

    /** Puts one stored entry into the lookups. */
    private void index(WatchEntry e) throws IOException {
        switch (e.kind()) {
            case PLATE -> exact.merge(new PlatePattern(e.plate()).text(), List.of(e.id()), (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return List.copyOf(both);
            });
            case PATTERN -> patterns.add(new PlatePattern(e.plate()).text(), e.id());
            case VEHICLE -> {
                List<WatchEntry> rules = new ArrayList<>(vehicleRules);
                rules.add(e);
                vehicleRules = List.copyOf(rules);
            }
            case FACE -> {
                faces.add(faceOf(e));
                minFaceSimilarity = Math.min(minFaceSimilarity, e.minSimilarity());
            }
        }
        byId.put(e.id(), e);
    }

    private static WatchTable.WatchRow row(WatchEntry e) throws IOException {
        return new WatchTable.WatchRow(e.id(), e.list(), e.kind().name(), e.created(), JSON.writeValueAsString(e));
    }

    public List<WatchEntry> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparingLong(WatchEntry::created).thenComparing(WatchEntry::id)).toList();
    }

    public WatchEntry get(String id) { return byId.get(id); }

    public int size() { return byId.size(); }

    private static void check(WatchEntry e) {
        switch (e.kind()) {
            case PLATE, PATTERN -> {
                if (e.plate() == null) throw new IllegalArgumentException("a plate entry needs a plate");
                PlatePattern p = new PlatePattern(e.plate()); // the characters search patterns allow, refused the same way
                if (p.isExact() != (e.kind() == WatchEntry.Kind.PLATE)) throw new IllegalArgumentException("kind " + e.kind() + " does not fit '" + e.plate() + "'");
                if (p.text().replace("*", "").replace("?", "").length() < 2) throw new IllegalArgumentException("a plate pattern needs at least two fixed characters, was '" + e.plate() + "'");
            }
            case VEHICLE -> { if (e.vehicle() == null) throw new IllegalArgumentException("a vehicle entry needs a rule"); }
            case FACE -> { if (e.face() == null || e.face().length == 0) throw new IllegalArgumentException("a face entry needs an enrolled face"); }
        }
    }

    private static Face faceOf(WatchEntry e) {
        return new Face(e.id(), "watchlist", e.created(), e.created(), e.created(), new Box(0, 0, 1, 1), e.face(), 100, null, e.photoKey(), null, null, 0);
    }

    /** The entries, valid at the record's time, that the record matches. */
    public List<Match> match(StructuredRecord r) throws IOException {
        List<Match> out = new ArrayList<>(0);
        long t = r.time();
        if (r instanceof MotorVehicle v) {
            if (v.hasPlate()) {
                for (String id : exact.getOrDefault(v.plateNo(), List.of())) add(out, id, t, 1f);
                for (String id : patterns.match(v.plateNo())) add(out, id, t, 1f);
            }
            for (WatchEntry e : vehicleRules) if (e.validAt(t) && matches(e.vehicle(), v)) out.add(new Match(e, 1f));
        } else if (r instanceof Face f && f.feature() != null && minFaceSimilarity < 1f) {
            for (FaceHit h : faces.searchFaces(new FaceQuery(f.feature(), FACE_CANDIDATES, minFaceSimilarity, Set.of(), null, null))) {
                WatchEntry e = byId.get(h.face().faceId());
                if (e != null && e.validAt(t) && h.similarity() >= e.minSimilarity()) out.add(new Match(e, h.similarity()));
            }
        }
        return out;
    }

    private void add(List<Match> out, String id, long t, float similarity) {
        WatchEntry e = byId.get(id);
        if (e != null && e.validAt(t)) out.add(new Match(e, similarity));
    }

    private boolean matches(WatchEntry.VehicleRule rule, MotorVehicle v) {
        if (rule.plateColor() != null && (v.plateColor() == null || v.plateColor().code() != rule.plateColor())) return false;
        if (rule.vehicleColor() != null && (v.vehicleColor() == null || v.vehicleColor().code() != rule.vehicleColor())) return false;
        if (rule.vehicleClass() != null && (v.vehicleClass() == null || !rule.vehicleClass().equals(v.vehicleClass().code()))) return false;
        if (!rule.devices().isEmpty() && !rule.devices().contains(v.deviceId())) return false;
        if (rule.fromMinute() != null) {
            var local = Instant.ofEpochMilli(v.passTime()).atZone(zone);
            int m = local.getHour() * 60 + local.getMinute();
            boolean inside = rule.fromMinute() <= rule.toMinute() ? m >= rule.fromMinute() && m < rule.toMinute()
                    : m >= rule.fromMinute() || m < rule.toMinute();
            if (!inside) return false;
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Override
    public void close() throws IOException { faces.close(); }
}
