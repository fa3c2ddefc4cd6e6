package org.vistruct.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who searched for what: one JSON line per search and per picture fetch (user, time, client
 * address, what was asked, how many results), appended and flushed before the answer leaves.
 */
public final class AuditLog implements AutoCloseable {
    /** One audited action. */
    public record Entry(String user, long time, String client, String action, String query, int results) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final BufferedWriter out;

    public AuditLog(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public synchronized void append(Entry e) throws IOException {
        out.write(JSON.writeValueAsString(e));
        out.newLine();
        out.flush();
    }

    /** Appends what an authenticated request did. */
    public void record(ApiRequest req, String action, String query, int results) throws IOException {
        String user = req.caller() == null ? "-" : req.caller().name();
        append(new Entry(user, System.currentTimeMillis(), req.client(), action, query, results));
    }

    /** Entries of a user (or everyone) within [from, to), newest first, at most limit. */
    public synchronized List<Entry> read(String user, Long from, Long to, int limit) throws IOException {
        out.flush();
        List<Entry> found = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isBlank()) continue;
                Entry e = JSON.readValue(line, Entry.class);
                if (user != null && !user.equals(e.user())) continue;
                if (from != null && e.time() < from) continue;
                if (to != null && e.time() >= to) continue;
                found.add(e);
            }
        }
        List<Entry> newestFirst = new ArrayList<>(found.reversed());
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }

    @Override
    public synchronized void close() throws IOException { out.close(); }
}
