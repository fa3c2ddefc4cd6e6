package org.vistruct.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.PictureStore;
import org.vistruct.index.RecordIndex;

/**
 * Records whose pictures could not be stored wait here on disk (one folder per record: the
 * record as JSON and its JPEGs) until the object store is back; nothing accepted is dropped.
 * A folder is complete once its record.json exists (written last, by rename).
 */
public final class RecordSpool {
    private static final Logger log = LoggerFactory.getLogger(RecordSpool.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public RecordSpool(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** Keeps the record and its pictures (object key → JPEG) for a later attempt. */
    public void keep(StructuredRecord record, Map<String, byte[]> pictures) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(record.id()));
        int i = 0;
        Map<String, String> files = new java.util.LinkedHashMap<>();
        for (var e : pictures.entrySet()) {
            String name = "picture-" + i++ + ".jpg";
            Files.write(folder.resolve(name), e.getValue());
            files.put(name, e.getKey());
        }
        Path tmp = folder.resolve("record.json.tmp");
        JSON.writeValue(tmp.toFile(), Map.of("type", record.type().name(), "record", record, "pictures", files));
        Files.move(tmp, folder.resolve("record.json"), StandardCopyOption.ATOMIC_MOVE);
    }

    public int size() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> Files.exists(p.resolve("record.json"))).count();
        }
    }

    /** Stores every complete spooled record (pictures, then index); returns how many. Stops at the first failure. */
    public int replay(PictureStore store, RecordIndex index) throws IOException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(p -> Files.exists(p.resolve("record.json"))).sorted().toList();
        }
        int done = 0;
        for (Path folder : folders) {
            var tree = JSON.readTree(folder.resolve("record.json").toFile());
            Class<? extends StructuredRecord> type = switch (RecordType.valueOf(tree.get("type").asText())) {
                case MotorVehicle -> MotorVehicle.class;
                case Face -> Face.class;
                case Person -> Person.class;
            };
            StructuredRecord record = JSON.treeToValue(tree.get("record"), type);
            var pictures = tree.get("pictures").properties();
            try {
                for (var e : pictures) store.put(e.getValue().asText(), Files.readAllBytes(folder.resolve(e.getKey())));
            } catch (IOException e) {
                log.warn("object store still unavailable; {} spooled records wait ({})", folders.size() - done, e.getMessage());
                break;
            }
            index.add(record);
            index.commit();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.sorted((a, b) -> a.getFileName().toString().equals("record.json") ? 1 : -1).toList()) Files.delete(f);
            }
            Files.delete(folder);
            done++;
        }
        return done;
    }
}
