package org.vistruct.server.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.vistruct.core.Box;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.FaceHit;
import org.vistruct.index.FaceQuery;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordIndex;

/**
 * The watch lists, kept in {@code watchlist.json} (the one source of truth), with one lookup
 * structure per kind so that matching a record does not walk the list: exact plates by hash,
 * patterns in a {@link PlatePatternTrie}, faces by vector search in their own small index (rebuilt
 * from the file at start); vehicle rules, few by nature, are checked in turn.
 */
public final class WatchList implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Face candidates looked at per record: enough for one person enrolled from several photos. */
    private static final int FACE_CANDIDATES = 20;
    private final Path file;
    private final ZoneId zone;
    private final Map<String, WatchEntry> entries = new LinkedHashMap<>();
    private volatile Map<String, List<String>> exact = Map.of();
    private volatile PlatePatternTrie patterns = new PlatePatternTrie();
    private volatile List<WatchEntry> vehicleRules = List.of();
    private volatile float minFaceSimilarity = 1f;
    /** The entries as matching sees them: swapped whole, read without the lock (saves may take a while). */
    private volatile Map<String, WatchEntry> byId = Map.of();
    private final RecordIndex faces;

    /** One entry that matched a record, with the similarity for face entries (1 for the others). */
    public record Match(WatchEntry entry, float similarity) {}

    public WatchList(Path dir, ZoneId zone) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("watchlist.json");
        this.zone = zone;
        if (Files.exists(file)) {
            try {
                for (WatchEntry e : JSON.readValue(file.toFile(), new TypeReference<List<WatchEntry>>() {})) entries.put(e.id(), e);
            } catch (IOException e) {
                throw new IOException(file + " cannot be read (" + e.getMessage() + "); fix or move it away, the watch list is not started empty", e);
            }
        }
        Path faceDir = dir.resolve("faces-index");
        deleteTree(faceDir); // derived from the file: rebuilt, so the two never disagree after a crash
        this.faces = new RecordIndex(faceDir);
        for (WatchEntry e : entries.values()) if (e.kind() == WatchEntry.Kind.FACE) faces.add(faceOf(e));
        faces.commit();
        rebuild();
    }

    /** Checks and adds one entry, durable when this returns. */
    public synchronized WatchEntry add(WatchEntry e) throws IOException {
        check(e);
        if (entries.containsKey(e.id())) throw new IllegalArgumentException("watch entry " + e.id() + " exists");
        entries.put(e.id(), e);
        if (e.kind() == WatchEntry.Kind.FACE) {
            faces.add(faceOf(e));
            faces.commit();
        }
        save();
        rebuild();
        return e;
    }

    /** Adds many at once (one save, one rebuild): imports and benchmarks. */
    public synchronized void addAll(List<WatchEntry> list) throws IOException {
        for (WatchEntry e : list) check(e);
        for (WatchEntry e : list) {
            entries.put(e.id(), e);
            if (e.kind() == WatchEntry.Kind.FACE) faces.add(faceOf(e));
        }
        faces.commit();
        save();
        rebuild();
    }

    public synchronized boolean remove(String id) throws IOException {
        WatchEntry e = entries.remove(id);
        if (e == null) return false;
        if (e.kind() == WatchEntry.Kind.FACE) {
            faces.delete(id);
            faces.commit();
        }
        save();
        rebuild();
        return true;
    }

    public synchronized List<WatchEntry> all() { return List.copyOf(entries.values()); }

    public synchronized WatchEntry get(String id) { return entries.get(id); }

    public synchronized int size() { return entries.size(); }

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

    /** The lookup structures, swapped whole so that matching never sees half an update. */
    private void rebuild() {
        Map<String, List<String>> ex = new HashMap<>();
        PlatePatternTrie trie = new PlatePatternTrie();
        List<WatchEntry> rules = new ArrayList<>();
        float minFace = 1f;
        for (WatchEntry e : entries.values()) {
            switch (e.kind()) {
                case PLATE -> ex.computeIfAbsent(new PlatePattern(e.plate()).text(), k -> new ArrayList<>(1)).add(e.id());
                case PATTERN -> trie.add(new PlatePattern(e.plate()).text(), e.id());
                case VEHICLE -> rules.add(e);
                case FACE -> minFace = Math.min(minFace, e.minSimilarity());
            }
        }
        byId = new HashMap<>(entries);
        exact = ex;
        patterns = trie;
        vehicleRules = List.copyOf(rules);
        minFaceSimilarity = minFace;
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

    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(entries.values())));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
