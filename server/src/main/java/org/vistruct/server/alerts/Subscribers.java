package org.vistruct.server.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The webhook subscribers, in {@code subscribers.json} (owner-only: it holds the signing secrets). */
public final class Subscribers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, Subscriber> all = new LinkedHashMap<>();

    public Subscribers(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) for (Subscriber s : JSON.readValue(file.toFile(), new TypeReference<List<Subscriber>>() {})) all.put(s.id(), s);
    }

    public synchronized void add(Subscriber s) throws IOException {
        if (all.containsKey(s.id())) throw new IllegalArgumentException("subscriber " + s.id() + " exists");
        all.put(s.id(), s);
        save();
    }

    public synchronized boolean remove(String id) throws IOException {
        if (all.remove(id) == null) return false;
        save();
        return true;
    }

    public synchronized Subscriber get(String id) { return all.get(id); }

    public synchronized List<Subscriber> all() { return List.copyOf(all.values()); }

    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(all.values())));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
