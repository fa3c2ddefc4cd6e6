package org.vistruct.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.PictureStore;
import org.vistruct.index.RecordIndex;
import org.vistruct.metadata.MetadataBackup;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.core.ObjectKeys;

/**
 * A backup that agrees with itself: the index as of one commit, the metadata database as of the
 * same instant, and the list of pictures (optionally their bytes too). While the point in time is
 * fixed, writes and retention wait (a few milliseconds: a commit and the start of a read
 * transaction); copying happens afterwards while they go on. {@code backup.json} is written last,
 * so a folder without it is not a backup.
 *
 * <pre>
 * backup.json         what is in it (records, rows per table, pictures, engine, time)
 * index/              the Lucene commit
 * metadata/T.jsonl    one file per table, portable between SQLite and PostgreSQL
 * objects.tsv         key, size of every picture the records name (and the watch-list photos)
 * objects/KEY         the pictures themselves, with --objects
 * </pre>
 */
public final class DataBackup {
    private static final Logger log = LoggerFactory.getLogger(DataBackup.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String MANIFEST = "backup.json";

    /** What a backup holds. */
    /** @param picturesMissing pictures named by the backup's records that the store did not have (dangling already) */
    public record Manifest(int version, long created, String engine, long records, long pictures, long pictureBytes, boolean picturesCopied,
                           long picturesMissing, Map<String, Long> rows) {}

    /** What a restore did: the backup's manifest and the listed pictures the store does not have. */
    public record Restored(Manifest manifest, long picturesPut, long picturesMissing, List<String> missingSamples) {}

    private DataBackup() {}

    /**
     * Backs up an open data directory into {@code dir} (new or empty).
     *
     * @param pause fixes the point in time: holds writes and retention until closed (null when nothing else writes)
     */
    public static Manifest write(VistructRuntime rt, Path dir, boolean copyPictures, Supplier<AutoCloseable> pause) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) throw new IllegalArgumentException("backup folder " + dir + " is not empty");
            }
        }
        Files.createDirectories(dir);
        AutoCloseable[] held = {pause == null ? () -> { } : pause.get()};
        RecordIndex.Snapshot snapshot;
        Map<String, Long> rows;
        try {
            if (!(rt.index() instanceof RecordIndex embedded)) {
                throw new IllegalArgumentException("backup copies the embedded index; records on a search cluster are backed up with its own snapshots"
                        + " (README, Records on OpenSearch), and the metadata with the database's tools");
            }
            snapshot = embedded.snapshot();
            rows = MetadataBackup.export(rt.metadata().database(), dir.resolve("metadata"), () -> release(held));
        } finally {
            release(held);
        }
        long records;
        Set<String> referenced = new HashSet<>();
        try (snapshot) {
            snapshot.copyTo(dir.resolve("index"));
            records = snapshot.records();
            snapshot.scan(r -> referenced.addAll(r.pictureKeys()));
        }
        // the pictures the backup's records name (and the watch-list photos): nothing more, so a restore has no orphan either
        long[] pictures = {0, 0};
        List<String> keys = new ArrayList<>();
        Set<String> found = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("objects.tsv"), StandardCharsets.UTF_8)) {
            IOException[] failed = {null};
            rt.pictures().list("", o -> {
                if (!referenced.contains(o.key()) && !o.key().startsWith("watchlist/")) return;
                try {
                    out.write(o.key() + "\t" + o.size() + "\n");
                } catch (IOException e) {
                    failed[0] = e;
                }
                found.add(o.key());
                pictures[0]++;
                pictures[1] += o.size();
                if (copyPictures) keys.add(o.key());
            });
            if (failed[0] != null) throw failed[0];
        }
        referenced.removeAll(found);
        if (!referenced.isEmpty()) log.warn("backup in {}: {} pictures named by records are not in the store (e.g. {}): restored records will miss them too", dir,
                referenced.size(), referenced.iterator().next());
        for (String k : keys) {
            Path f = dir.resolve("objects").resolve(k);
            Files.createDirectories(f.getParent());
            Files.write(f, rt.pictures().get(k));
        }
        Manifest m = new Manifest(1, System.currentTimeMillis(), rt.metadata().database().engine().name(), records, pictures[0], pictures[1], copyPictures,
                referenced.size(), rows);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MANIFEST).toFile(), m);
        log.info("backup in {}: {} records, {} pictures ({} bytes{}), metadata {}", dir, records, pictures[0], pictures[1], copyPictures ? ", copied" : ", listed",
                rows);
        return m;
    }

    private static void release(AutoCloseable[] held) {
        if (held[0] == null) return;
        try {
            held[0].close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            held[0] = null;
        }
    }

    /** Reads a backup's manifest; an error when the folder holds no complete backup. */
    public static Manifest manifest(Path dir) throws IOException {
        Path f = dir.resolve(MANIFEST);
        if (!Files.exists(f)) throw new IllegalArgumentException(dir + " holds no complete backup (no " + MANIFEST + ")");
        return JSON.readValue(f.toFile(), Manifest.class);
    }

    /**
     * Restores a backup into a data directory that has no index yet: index files, every metadata
     * row, the pictures when the backup has them; then checks that the store holds every listed picture.
     */
    public static Restored restore(Path backup, Path dataDir, VistructConfig config) throws IOException {
        Manifest m = manifest(backup);
        Path index = dataDir.resolve("index");
        if (Files.exists(index)) {
            try (Stream<Path> s = Files.list(index)) {
                if (s.findAny().isPresent()) throw new IllegalArgumentException(dataDir + " already has an index: restore into a new, empty data directory");
            }
        }
        Files.createDirectories(index);
        try (Stream<Path> files = Files.list(backup.resolve("index"))) {
            for (Path f : files.toList()) Files.copy(f, index.resolve(f.getFileName()));
        }
        try (MetadataStore store = MetadataStore.open(config.metadataSettings(), dataDir)) {
            MetadataBackup.restore(store.database(), backup.resolve("metadata"));
        }
        long put = 0, missing = 0;
        List<String> samples = new ArrayList<>();
        try (VistructRuntime rt = new VistructRuntime(dataDir, config)) {
            PictureStore pictures = rt.pictures();
            Path objects = backup.resolve("objects");
            List<String> listed = Files.readAllLines(backup.resolve("objects.tsv"), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(l -> l.substring(0, l.indexOf('\t'))).toList();
            if (m.picturesCopied()) {
                for (String k : listed) {
                    ObjectKeys.requireValid(k); // a backup is input too: no key may lead out of the folder or the bucket layout
                    pictures.put(k, Files.readAllBytes(objects.resolve(k)));
                    put++;
                }
            }
            Set<String> present = new HashSet<>();
            pictures.list("", o -> present.add(o.key()));
            for (String k : listed) {
                if (!present.contains(k)) {
                    missing++;
                    if (samples.size() < 20) samples.add(k);
                }
            }
        }
        return new Restored(m, put, missing, samples);
    }
}
