package org.vistruct.server.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.vistruct.metadata.OutboxTable;

/**
 * Deliveries not yet acknowledged, in the metadata database: per subscriber, the exact body to
 * POST. A delivery is committed with its alert and removed only after a 2xx, so a restart at any
 * point re-sends what was not acknowledged: at least once.
 */
public final class Outbox {
    private final OutboxTable table;

    /** One pending delivery. */
    public record Item(String subscriberId, String alertId, long triggerTime, byte[] body) {}

    public Outbox(OutboxTable table) { this.table = table; }

    /** A subscriber's oldest pending deliveries, at most {@code limit}. */
    public List<Item> pending(String subscriberId, int limit) throws IOException {
        return table.pending(subscriberId, limit).stream()
                .map(d -> new Item(d.subscriberId(), d.alertId(), d.triggerTime(), d.body().getBytes(StandardCharsets.UTF_8))).toList();
    }

    public void done(Item i) throws IOException { table.done(i.subscriberId(), i.alertId()); }

    public long size(String subscriberId) throws IOException { return table.count(subscriberId); }
}
