package org.vistruct.server.alerts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deliveries not yet acknowledged, one file per (subscriber, alert) under
 * {@code outbox/<subscriber>/<trigger time>-<alert id>.json}, holding the exact body to POST. A file is
 * written whole (temporary file, forced, renamed) before delivery starts and deleted only after a
 * 2xx, so a restart at any point re-sends what was not acknowledged: at least once.
 */
public final class Outbox {
    private final Path dir;

    /** One pending delivery. */
    public record Item(Path file, String alertId, long triggerTime) {}

    public Outbox(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public void put(String subscriberId, Alert a, byte[] body) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(subscriberId));
        String name = String.format("%013d-%s.json", a.triggerTime(), a.id());
        Path tmp = sub.resolve(name + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(body));
            out.force(false);
        }
        Files.move(tmp, sub.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A subscriber's pending deliveries, oldest first. */
    public List<Item> pending(String subscriberId) throws IOException {
        Path sub = dir.resolve(subscriberId);
        if (!Files.isDirectory(sub)) return List.of();
        try (Stream<Path> s = Files.list(sub)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(Outbox::item).toList();
        }
    }

    private static Item item(Path p) {
        String n = p.getFileName().toString();
        int dash = n.indexOf('-');
        return new Item(p, n.substring(dash + 1, n.length() - ".json".length()), Long.parseLong(n.substring(0, dash)));
    }

    public byte[] body(Item i) throws IOException { return Files.readAllBytes(i.file()); }

    public void done(Item i) throws IOException {
        try {
            Files.delete(i.file());
        } catch (NoSuchFileException alreadyGone) {
            // removed with its subscriber
        }
    }

    public long size(String subscriberId) throws IOException { return pending(subscriberId).size(); }

    /** Drops everything pending for a subscriber that was removed. */
    public void drop(String subscriberId) throws IOException {
        Path sub = dir.resolve(subscriberId);
        if (!Files.isDirectory(sub)) return;
        try (Stream<Path> s = Files.walk(sub)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
