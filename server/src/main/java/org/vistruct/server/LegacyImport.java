package org.vistruct.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.metadata.AlertTable;
import org.vistruct.metadata.AuditTrail;
import org.vistruct.metadata.DeviceTable;
import org.vistruct.metadata.HoldTable;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.metadata.SubscriberTable;
import org.vistruct.metadata.TokenTable;
import org.vistruct.metadata.WatchTable;

/**
 * Moves a data directory of the versions before the metadata database into it, once, on the first
 * start: tokens.json, audit.log, gb28181/devices.json, alerts/watchlist.json, alerts/subscribers.json,
 * alerts/alerts.jsonl (each alert also holds its record as evidence) and the webhook outbox folder.
 * Each file is renamed to {@code <name>.imported} once its rows are committed, so it is read once;
 * every insert ignores rows already present, so a crash between the commit and the rename repeats
 * nothing (the audit import is one transaction with a marker). Lines that cannot be read (a torn
 * last line of a log) are reported by file and line and skipped, never stop the start.
 */
final class LegacyImport {
    private static final Logger log = LoggerFactory.getLogger(LegacyImport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was imported (rows by source) and the lines that could not be read. */
    record Report(Map<String, Long> imported, List<String> problems) {
        boolean isEmpty() { return imported.isEmpty() && problems.isEmpty(); }
    }

    private final Path data;
    private final Path tokensFile;
    private final MetadataStore store;
    private final Map<String, Long> imported = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private LegacyImport(Path data, Path tokensFile, MetadataStore store) {
        this.data = data;
        this.tokensFile = tokensFile;
        this.store = store;
    }

    static Report run(Path data, Path tokensFile, MetadataStore store) throws IOException {
        LegacyImport i = new LegacyImport(data, tokensFile, store);
        i.tokens();
        i.audit();
        i.devices();
        i.watchList();
        i.subscribers();
        i.alerts();
        i.outbox();
        Report r = new Report(i.imported, i.problems);
        if (!r.isEmpty()) log.warn("imported the files of an earlier version into the metadata database: {}; {} lines could not be read{}", r.imported(),
                r.problems().size(), r.problems().isEmpty() ? "" : " (" + String.join("; ", r.problems().subList(0, Math.min(5, r.problems().size()))) + ")");
        return r;
    }

    private void tokens() throws IOException {
        Path f = tokensFile;
        if (!Files.isRegularFile(f)) return;
        long n = 0;
        for (JsonNode t : readArray(f)) {
            store.tokens().insertIfAbsent(new TokenTable.TokenRow(t.path("id").asText(), t.path("name").asText(), t.path("role").asText(),
                    t.path("sha256").asText(), t.path("created").asLong(), null, null));
            n++;
        }
        done(f, "tokens", n);
    }

    private void audit() throws IOException {
        Path f = data.resolve("audit.log");
        if (!Files.isRegularFile(f)) return;
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            long n = store.audit().importOnce(new Batches(in, f), "imported:audit.log");
            done(f, "audit entries", Math.max(0, n));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The audit log's lines as entries, 10,000 at a time; unreadable lines reported and skipped. */
    private final class Batches implements Iterator<List<AuditTrail.Entry>> {
        private final BufferedReader in;
        private final Path file;
        private int lineNo;
        private List<AuditTrail.Entry> next;

        Batches(BufferedReader in, Path file) {
            this.in = in;
            this.file = file;
        }

        @Override
        public boolean hasNext() {
            if (next == null) next = read();
            return !next.isEmpty();
        }

        @Override
        public List<AuditTrail.Entry> next() {
            if (!hasNext()) throw new NoSuchElementException();
            List<AuditTrail.Entry> b = next;
            next = null;
            return b;
        }

        private List<AuditTrail.Entry> read() {
            List<AuditTrail.Entry> batch = new ArrayList<>();
            try {
                String line;
                while (batch.size() < 10_000 && (line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    try {
                        JsonNode e = JSON.readTree(line);
                        if (!e.hasNonNull("time") || !e.hasNonNull("action")) throw new IOException("no time or action");
                        batch.add(AuditTrail.Entry.of(e.path("time").asLong(), e.path("user").asText("-"), e.path("client").asText(null),
                                e.path("action").asText(), null, e.path("query").asText(null), e.path("results").asInt(), 200));
                    } catch (IOException | RuntimeException ex) {
                        problems.add(file.getFileName() + " line " + lineNo + ": " + ex.getMessage().lines().findFirst().orElse(""));
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return batch;
        }
    }

    private void devices() throws IOException {
        Path f = data.resolve("gb28181").resolve("devices.json");
        if (!Files.isRegularFile(f)) return;
        long n = 0;
        for (JsonNode d : readArray(f)) {
            List<DeviceTable.ChannelRow> channels = new ArrayList<>();
            for (JsonNode c : d.path("channels")) {
                channels.add(new DeviceTable.ChannelRow(c.path("id").asText(), text(c, "name"), text(c, "manufacturer"), text(c, "model"), text(c, "status"),
                        text(c, "parentId"), text(c, "civilCode"), text(c, "address")));
            }
            store.devices().save(new DeviceTable.DeviceRow(d.path("id").asText(), text(d, "name"), text(d, "manufacturer"), text(d, "model"),
                    text(d, "firmware"), text(d, "charset"), channels));
            n++;
        }
        done(f, "devices", n);
    }

    private void watchList() throws IOException {
        Path f = data.resolve("alerts").resolve("watchlist.json");
        if (!Files.isRegularFile(f)) return;
        List<WatchTable.WatchRow> rows = new ArrayList<>();
        for (JsonNode e : readArray(f)) {
            rows.add(new WatchTable.WatchRow(e.path("id").asText(), e.path("list").asText(), e.path("kind").asText(), e.path("created").asLong(), e.toString()));
        }
        store.watchEntries().insertAll(rows);
        done(f, "watch entries", rows.size());
    }

    private void subscribers() throws IOException {
        Path f = data.resolve("alerts").resolve("subscribers.json");
        if (!Files.isRegularFile(f)) return;
        long n = 0;
        for (JsonNode s : readArray(f)) {
            store.subscribers().insert(new SubscriberTable.SubscriberRow(s.path("id").asText(), s.path("created").asLong(), s.toString()));
            n++;
        }
        done(f, "subscribers", n);
    }

    private void alerts() throws IOException {
        Path f = data.resolve("alerts").resolve("alerts.jsonl");
        if (!Files.isRegularFile(f)) return;
        long n = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode a;
            try {
                a = JSON.readTree(line);
                if (!a.hasNonNull("id") || !a.hasNonNull("recordId")) throw new IOException("no id or recordId");
            } catch (IOException | RuntimeException e) {
                problems.add("alerts.jsonl line " + lineNo + ": " + e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            String id = a.path("id").asText();
            store.alerts().insertIfAbsent(new AlertTable.AlertRow(id, a.path("triggerTime").asLong(), text(a, "entryId"), text(a, "list"), text(a, "deviceId"),
                    a.path("recordId").asText(), text(a, "plateNo"), a.toString()));
            store.holds().place(new HoldTable.Hold("alert:" + id, a.path("recordId").asText(), text(a, "recordType"), text(a, "deviceId"),
                    a.path("recordTime").asLong(), HoldTable.Source.ALERT, null, "raised alert " + id + " on watch entry " + text(a, "entryId"), "system",
                    a.path("triggerTime").asLong(), null, null, null));
            n++;
        }
        done(f, "alerts", n);
    }

    private void outbox() throws IOException {
        Path dir = data.resolve("alerts").resolve("outbox");
        if (!Files.isDirectory(dir)) return;
        long n = 0;
        try (Stream<Path> subs = Files.list(dir)) {
            for (Path sub : subs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> items = Files.list(sub)) {
                    for (Path item : items.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                        String name = item.getFileName().toString();
                        int dash = name.indexOf('-');
                        try {
                            long trigger = Long.parseLong(name.substring(0, dash));
                            store.outbox().put(sub.getFileName().toString(), name.substring(dash + 1, name.length() - ".json".length()), trigger,
                                    Files.readString(item, StandardCharsets.UTF_8));
                            n++;
                        } catch (RuntimeException e) {
                            problems.add("outbox/" + sub.getFileName() + "/" + name + ": not <time>-<alert id>.json");
                        }
                    }
                }
            }
        }
        Path target = dir.resolveSibling("outbox.imported");
        if (Files.exists(target)) deleteTree(target);
        Files.move(dir, target);
        imported.put("deliveries", n);
    }

    private List<JsonNode> readArray(Path f) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + " of an earlier version cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "); fix or move it away: it is not imported and the start is stopped so nothing in it is lost", e);
        }
        List<JsonNode> out = new ArrayList<>();
        if (root != null && root.isArray()) root.forEach(out::add);
        return out;
    }

    private void done(Path f, String what, long n) throws IOException {
        Files.move(f, f.resolveSibling(f.getFileName() + ".imported"), StandardCopyOption.REPLACE_EXISTING);
        imported.put(what, n);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
