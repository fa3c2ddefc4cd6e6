package org.vistruct.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.index.PlatePattern;
import org.vistruct.metadata.AlertTable;
import org.vistruct.metadata.HoldTable;

/**
 * Every alert ever raised, in the metadata database. An alert is committed together with its
 * deliveries and the evidence hold on its record before it is announced anywhere; listing and
 * "which alerts did this record raise" are queries, so nothing is held in memory.
 */
public final class AlertLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AlertTable table;

    /**
     * What a listing asks for; null fields mean any.
     *
     * @param plate an exact plate or a pattern with * and ?, matched against the plate read
     */
    public record Filter(Long from, Long to, String entryId, String list, String deviceId, String recordId, PlatePattern plate) {
        AlertTable.Filter toTable() {
            String like = plate == null ? null : plate.text().replace('*', '%').replace('?', '_'); // plate patterns never hold % or _
            return new AlertTable.Filter(from, to, entryId, list, deviceId, recordId, like);
        }
    }

    public record Page(long total, List<Alert> alerts) {}

    public AlertLog(AlertTable table) { this.table = table; }

    /**
     * Commits an alert, a delivery of {@code body} for each subscriber and the hold on its record, in
     * one transaction; false (nothing written) when this alert was raised before.
     */
    public boolean raise(Alert a, List<String> subscriberIds, byte[] body, HoldTable.Hold hold) throws IOException {
        return table.raise(row(a), subscriberIds, new String(body, StandardCharsets.UTF_8), hold);
    }

    /** As above, each subscriber with its own body (webhook JSON, or a GA/T 1400 DispositionNotification). */
    public boolean raise(Alert a, java.util.Map<String, byte[]> bodies, HoldTable.Hold hold) throws IOException {
        java.util.Map<String, String> text = new java.util.LinkedHashMap<>();
        for (var e : bodies.entrySet()) text.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
        return table.raise(row(a), text, hold);
    }

    /** Adds an alert of an earlier version's log (no deliveries). */
    public boolean importAlert(Alert a) throws IOException { return table.insertIfAbsent(row(a)); }

    static AlertTable.AlertRow row(Alert a) throws IOException {
        return new AlertTable.AlertRow(a.id(), a.triggerTime(), a.entryId(), a.list(), a.deviceId(), a.recordId(), a.plateNo(), JSON.writeValueAsString(a));
    }

    /** Alerts passing the filter, newest first, from offset, at most limit; and how many passed. */
    public Page find(Filter f, int offset, int limit) throws IOException {
        AlertTable.Page p = table.find(f.toTable(), offset, limit);
        List<Alert> alerts = new ArrayList<>(p.bodies().size());
        for (String b : p.bodies()) alerts.add(parse(b));
        return new Page(p.total(), alerts);
    }

    public Alert get(String id) throws IOException {
        String body = table.get(id);
        return body == null ? null : parse(body);
    }

    /** Ids of the alerts a record raised (empty when none). */
    public List<String> alertsOf(String recordId) {
        try {
            return table.idsOfRecord(recordId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count() throws IOException { return table.count(); }

    private static Alert parse(String body) throws IOException { return JSON.readValue(body, Alert.class); }
}
