package org.vistruct.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordQuery;
import org.vistruct.index.RecordStore;
import org.vistruct.metadata.AlertTable;
import org.vistruct.server.alerts.AlertService;

/**
 * Several nodes on one record store and one database: browsers connected to this node also see the
 * records and alerts the other nodes write. Twice a second it reads the shared record feed after
 * where it was, and the alerts raised since a moment before the last look, and announces what this
 * node did not write or raise itself (final records: a record another node is still following
 * appears once it is final).
 */
final class ClusterRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far back each look at the alerts goes: alerts raised on other nodes with a clock a little behind. */
    private static final long ALERT_OVERLAP_MS = 10_000;
    private final RecordStore index;
    private final AlertTable alertTable;
    private final AlertService alerts;
    private final Consumer<StructuredRecord> records;
    private final Set<String> mine = bounded(100_000), alertsSeen = bounded(100_000);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cluster-relay").daemon().factory());
    private long position, alertsFrom;

    ClusterRelay(RecordStore index, AlertTable alertTable, AlertService alerts, Consumer<StructuredRecord> records) {
        this.index = index;
        this.alertTable = alertTable;
        this.alerts = alerts;
        this.records = records;
        this.position = index.feedHead();
        this.alertsFrom = System.currentTimeMillis();
        timer.scheduleWithFixedDelay(this::look, 500, 500, TimeUnit.MILLISECONDS);
    }

    private static Set<String> bounded(int max) {
        return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) { return size() > max; }
        }));
    }

    /** A record this node wrote (its own stream announced it). */
    void written(String recordId) { mine.add(recordId); }

    /** An alert this node raised, as announced to its browsers (alerts are few: reading its id back is cheap). */
    void raised(String alertJson) {
        try {
            alertsSeen.add(JSON.readTree(alertJson).path("NotificationID").asText());
        } catch (IOException e) {
            log.warn("an alert announced here could not be read back: {}", e.getMessage());
        }
    }

    private void look() {
        try {
            while (true) {
                RecordStore.FeedPage page = index.feed(position, RecordQuery.all(1), 500);
                for (RecordStore.FeedEntry e : page.entries()) if (!mine.remove(e.record().id())) records.accept(e.record());
                position = page.next();
                if (page.entries().size() < 500) break;
            }
            long now = System.currentTimeMillis();
            AlertTable.Page page = alertTable.find(new AlertTable.Filter(alertsFrom - ALERT_OVERLAP_MS, null, null, null, null, null, null), 0, 500);
            for (String row : page.bodies()) {
                var n = JSON.readTree(row);
                String id = n.path("id").asText();
                if (!alertsSeen.add(id)) continue;
                StructuredRecord r = index.get(n.path("recordId").asText());
                if (r != null) alerts.announceFromElsewhere(row, r);
            }
            alertsFrom = now;
        } catch (IOException | RuntimeException e) {
            log.warn("records and alerts of other nodes not relayed this time: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
