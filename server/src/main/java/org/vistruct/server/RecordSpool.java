package org.vistruct.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.PictureStore;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordStore;

/**
 * Records whose pictures could not be stored wait here on disk (one folder per record: the record
 * with its version as JSON and its JPEGs, every file forced) until the object store is back;
 * nothing accepted is dropped. A folder is complete once its record.json exists (written last, by
 * rename, then the folder forced). The spool is drained while the server runs
 * ({@link #drain}); a replayed record never replaces a newer version of itself in the index.
 */
public final class RecordSpool {
    private static final Logger log = LoggerFactory.getLogger(RecordSpool.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    public final LongAdder replayed = new LongAdder(), superseded = new LongAdder(), failedAttempts = new LongAdder();

    public RecordSpool(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            // a folder without record.json is a spool write a crash cut short: its record was never acknowledged
            for (Path f : s.filter(p -> Files.isDirectory(p) && !Files.exists(p.resolve("record.json"))).toList()) deleteFolder(f);
        }
    }

    /** Keeps the record (with its version) and its pictures (object key → JPEG) for a later attempt; durable when this returns. */
    public void keep(StructuredRecord record, int version, Map<String, byte[]> pictures) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(record.id()));
        int i = 0;
        Map<String, String> files = new java.util.LinkedHashMap<>();
        for (var e : pictures.entrySet()) {
            String name = "picture-" + i++ + ".jpg";
            writeForced(folder.resolve(name), e.getValue());
            files.put(name, e.getKey());
        }
        Path tmp = folder.resolve("record.json.tmp");
        writeForced(tmp, JSON.writeValueAsBytes(Map.of("type", record.type().name(), "version", version, "record", record, "pictures", files)));
        Files.move(tmp, folder.resolve("record.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(folder, StandardOpenOption.READ)) {
            d.force(true); // the rename itself
        } catch (IOException notSupported) {
            // some file systems cannot force a directory; the rename is still atomic
        }
    }

    private static void writeForced(Path f, byte[] bytes) throws IOException {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) c.write(b);
            c.force(true);
        }
    }

    public int size() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> Files.exists(p.resolve("record.json"))).count();
        }
    }

    /** Told of each record the spool puts into the index. */
    public interface Stored {
        void stored(StructuredRecord record, boolean provisional);
    }

    /**
     * Stores every complete spooled record: pictures, then the index (unless it holds a newer version);
     * returns how many went. Stops at the first failure of the store (the rest wait for the next try).
     */
    public int drain(PictureStore store, RecordStore index, Stored stored) throws IOException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(p -> Files.exists(p.resolve("record.json"))).sorted().toList();
        }
        int done = 0;
        for (Path folder : folders) {
            var tree = JSON.readTree(folder.resolve("record.json").toFile());
            Class<? extends StructuredRecord> type = RecordType.valueOf(tree.get("type").asText()).recordClass();
            StructuredRecord record = JSON.treeToValue(tree.get("record"), type);
            int version = tree.path("version").asInt(RecordStore.FINAL);
            Integer indexed = index.versionOf(record.id());
            if (indexed != null && indexed > version) {
                // its final form was stored since (same picture keys): neither its pictures nor the record may go over it
                superseded.increment();
                log.info("{} {}: spooled version {} is older than the one indexed since; dropped", record.type(), record.id(), version);
                deleteFolder(folder);
                done++;
                continue;
            }
            var pictures = tree.get("pictures").properties();
            try {
                for (var e : pictures) store.put(e.getValue().asText(), Files.readAllBytes(folder.resolve(e.getKey())));
            } catch (IOException e) {
                failedAttempts.increment();
                throw new IOException((folders.size() - done) + " spooled records wait for the object store: " + e.getMessage(), e);
            }
            if (index.addIfNewer(record, version)) {
                replayed.increment();
                stored.stored(record, version == RecordStore.PROVISIONAL);
            } else {
                superseded.increment();
            }
            deleteFolder(folder);
            done++;
        }
        return done;
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            // record.json last: a folder is never seen complete with pictures missing
            for (Path f : files.sorted((a, b) -> a.getFileName().toString().equals("record.json") ? 1 : -1).toList()) Files.delete(f);
        }
        Files.delete(folder);
    }
}
