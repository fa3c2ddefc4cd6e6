package org.vistruct.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.index.PlatePattern;

/**
 * Every alert ever raised, one JSON line each in {@code alerts.jsonl}, forced to disk before the
 * alert is delivered anywhere; kept in memory (small: the record stays in the index) for listing and for
 * answering whether a record raised an alert (such records are kept by retention).
 */
public final class AlertLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileChannel out;
    private final List<Alert> alerts = new ArrayList<>();
    private final Map<String, Alert> byId = new HashMap<>();
    private final Map<String, List<String>> byRecord = new HashMap<>();

    /**
     * What a listing asks for; null fields mean any.
     *
     * @param plate an exact plate or a pattern with * and ?, matched against the plate read
     */
    public record Filter(Long from, Long to, String entryId, String list, String deviceId, String recordId, PlatePattern plate) {
        boolean accepts(Alert a) {
            return (from == null || a.triggerTime() >= from) && (to == null || a.triggerTime() < to)
                    && (plate == null || (a.plateNo() != null && plate.matches(a.plateNo())))
                    && (entryId == null || entryId.equals(a.entryId())) && (list == null || list.equals(a.list()))
                    && (deviceId == null || deviceId.equals(a.deviceId())) && (recordId == null || recordId.equals(a.recordId()));
        }
    }

    public AlertLog(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) continue;
                try {
                    remember(JSON.readValue(line, Alert.class));
                } catch (IOException e) {
                    // only a crash in the middle of a write leaves a torn line, and only the last one
                    log.warn("{} line {} is not an alert and is skipped: {}", file, lineNo, e.getMessage());
                }
            }
        }
        this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Appends and forces the alert to disk; false when an alert with this id was already logged. */
    public synchronized boolean append(Alert a) throws IOException {
        if (byId.containsKey(a.id())) return false;
        out.write(ByteBuffer.wrap((JSON.writeValueAsString(a) + "\n").getBytes(StandardCharsets.UTF_8)));
        out.force(false);
        remember(a);
        return true;
    }

    private void remember(Alert a) {
        if (byId.putIfAbsent(a.id(), a) != null) return;
        alerts.add(a);
        byRecord.computeIfAbsent(a.recordId(), k -> new ArrayList<>(1)).add(a.id());
    }

    /** Alerts passing the filter, newest first, from offset, at most limit; and how many passed. */
    public synchronized Page find(Filter f, int offset, int limit) {
        List<Alert> page = new ArrayList<>();
        int total = 0;
        for (int i = alerts.size() - 1; i >= 0; i--) {
            Alert a = alerts.get(i);
            if (!f.accepts(a)) continue;
            if (total >= offset && page.size() < limit) page.add(a);
            total++;
        }
        return new Page(total, page);
    }

    public record Page(int total, List<Alert> alerts) {}

    public synchronized Alert get(String id) { return byId.get(id); }

    /** Ids of the alerts a record raised (empty when none): such records are kept by retention. */
    public synchronized List<String> alertsOf(String recordId) { return List.copyOf(byRecord.getOrDefault(recordId, List.of())); }

    @Override
    public synchronized void close() throws IOException { out.close(); }
}
