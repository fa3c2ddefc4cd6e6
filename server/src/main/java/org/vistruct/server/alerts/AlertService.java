package org.vistruct.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.StructuredRecord;
import org.vistruct.metadata.HoldTable;
import org.vistruct.metadata.MetadataStore;

/**
 * Watch lists to alerts: every record written is matched against the watch list; each match
 * becomes an alert that is logged (forced to disk), put in the outbox of every subscriber that
 * wants it (forced to disk), and only then announced: to the browsers following alerts and to the
 * webhook lanes. A record that raised an alert is never re-alerted for the same entry (stable ids).
 */
public final class AlertService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WatchList watchList;
    private final AlertLog alertLog;
    private final Subscribers subscribers;
    private final Outbox outbox;
    private final WebhookDeliverer deliverer;
    private final ZoneId zone;
    private volatile String baseUrl = "";
    private volatile Consumer<String> browsers = json -> { };
    public final LongAdder raised = new LongAdder(), failed = new LongAdder();

    /** Told of each alert a subscriber acknowledged. */
    public interface Delivered {
        void delivered(String subscriberId, Alert alert, int attempts);
    }

    /**
     * @param faceDir where the watch list keeps its face index (derived, rebuilt at start)
     */
    public AlertService(MetadataStore store, Path faceDir, ZoneId zone, WebhookDeliverer.Settings settings, Delivered onDelivered) throws IOException {
        this.zone = zone;
        this.watchList = new WatchList(store.watchEntries(), faceDir, zone);
        this.alertLog = new AlertLog(store.alerts());
        this.subscribers = new Subscribers(store.subscribers());
        this.outbox = new Outbox(store.outbox());
        this.deliverer = new WebhookDeliverer(outbox, settings, (subscriber, alertId, attempts) -> {
            try {
                Alert a = alertLog.get(alertId);
                if (a != null) onDelivered.delivered(subscriber, a, attempts);
            } catch (IOException e) {
                log.warn("alert {} delivered to {} but not found again: {}", alertId, subscriber, e.getMessage());
            }
        });
        for (Subscriber s : subscribers.all()) deliverer.wake(s); // what a restart left in the outbox goes out now
    }

    /** The server's address as subscribers reach it, put before picture paths in webhooks (known once HTTP listens). */
    public void publicUrl(String url) { this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url; }

    /** Told of each record an alert just held as evidence (to put its pictures under legal hold). */
    public void onHeld(Consumer<StructuredRecord> c) { this.held = c; }

    private volatile Consumer<StructuredRecord> held = r -> { };

    /** Writes an alert as a GA/T 1400 DispositionNotifications body, for subscribers in that form. */
    public interface ViidRenderer {
        byte[] render(Alert a, StructuredRecord r) throws IOException;
    }

    private volatile ViidRenderer viidRenderer;

    /** How alerts are written for GA/T 1400 subscribers (dispositions' ReceiveAddr), and the User-Identify they are sent with. */
    public void viid(ViidRenderer renderer, String userIdentify) {
        this.viidRenderer = renderer;
        deliverer.viidIdentity(userIdentify);
    }

    /**
     * Shows browsers connected here an alert another node raised (several nodes on one database): the
     * same JSON as for this node's own alerts, from the alert's row and its record.
     */
    public void announceFromElsewhere(String alertRow, StructuredRecord r) throws IOException {
        Alert a = JSON.readValue(alertRow, Alert.class);
        browsers.accept(JSON.writeValueAsString(AlertJson.of(a, r, baseUrl, zone)));
    }

    /** Where alerts for browsers go (one JSON object each). */
    public void onBrowserAlert(Consumer<String> c) { this.browsers = c; }

    /**
     * Matches a record just written. Never throws: a failure to raise an alert is logged with the
     * record and counted, and does not stop the analysis that wrote the record.
     */
    public List<Alert> onRecord(StructuredRecord r) {
        List<Alert> out = new ArrayList<>(0);
        List<WatchList.Match> matches;
        try {
            matches = watchList.match(r);
        } catch (IOException | RuntimeException e) {
            failed.increment();
            log.error("{} {} of device {} could not be matched against the watch list", r.type(), r.id(), r.deviceId(), e);
            return out;
        }
        for (WatchList.Match m : matches) {
            Alert a = alertOf(r, m);
            try {
                if (raise(a, r)) out.add(a);
            } catch (IOException | RuntimeException e) {
                failed.increment();
                log.error("alert {} ({} {} of device {} on watch entry {}) could not be persisted", a.id(), r.type(), r.id(), r.deviceId(), m.entry().id(), e);
            }
        }
        return out;
    }

    /** The list cloned-plate alerts belong to (subscribers choose it like a watch list). */
    public static final String CLONE_LIST = "clone-suspects";

    /**
     * Raises the alert of a 套牌 suspect found as a vehicle pass was written: its own kind, in the list
     * {@value #CLONE_LIST}, through the same log, outbox and announcements as watch-list alerts. Never throws.
     */
    public Alert onCloneSuspect(MotorVehicle v, String suspectId, String reason) {
        List<String> pictures = new ArrayList<>(3);
        addAll(pictures, v.storageUrl1(), v.storageUrl2(), v.storageUrl3());
        String entry = "clone:" + suspectId;
        Alert a = new Alert(Alert.idOf(v.id(), entry), System.currentTimeMillis(), entry, CLONE_LIST, WatchEntry.Kind.CLONE, "套牌嫌疑 " + v.plateNo(), 2,
                reason, v.id(), v.type().name(), v.deviceId(), v.time(), v.plateNo(), 0f, List.copyOf(pictures));
        try {
            return raise(a, v) ? a : null;
        } catch (IOException | RuntimeException e) {
            failed.increment();
            log.error("clone-suspect alert {} on {} of device {} could not be persisted", a.id(), v.id(), v.deviceId(), e);
            return null;
        }
    }

    private Alert alertOf(StructuredRecord r, WatchList.Match m) {
        WatchEntry e = m.entry();
        List<String> pictures = new ArrayList<>(3);
        String plate = null;
        switch (r) {
            case MotorVehicle v -> {
                plate = v.plateNo();
                addAll(pictures, v.storageUrl1(), v.storageUrl2(), v.storageUrl3());
            }
            case Face f -> addAll(pictures, f.storageUrl1(), f.storageUrl2());
            case Person p -> addAll(pictures, p.storageUrl1(), p.storageUrl2());
            case org.vistruct.core.NonMotorVehicle v -> addAll(pictures, v.storageUrl1(), v.storageUrl2());
        }
        return new Alert(Alert.idOf(r.id(), e.id()), System.currentTimeMillis(), e.id(), e.list(), e.kind(), e.describe(), e.priority(), e.reason(),
                r.id(), r.type().name(), r.deviceId(), r.time(), plate, m.similarity(), List.copyOf(pictures));
    }

    private static void addAll(List<String> to, String... keys) {
        for (String k : keys) if (k != null) to.add(k);
    }

    /**
     * Commits the alert with a delivery for each subscriber that wants it and an evidence hold on the
     * record (retention keeps what raised an alert), then announces it.
     */
    private boolean raise(Alert a, StructuredRecord r) throws IOException {
        byte[] body = JSON.writeValueAsBytes(AlertJson.of(a, r, baseUrl, zone));
        List<Subscriber> wanting = subscribers.all().stream().filter(s -> s.wants(a)).toList();
        HoldTable.Hold hold = new HoldTable.Hold("alert:" + a.id(), r.id(), r.type().name(), r.deviceId(), r.time(), HoldTable.Source.ALERT, null,
                "raised alert " + a.id() + " on watch entry " + a.entryId() + " (" + a.watched() + ", list " + a.list() + ")", "system", a.triggerTime(),
                null, null, null);
        java.util.Map<String, byte[]> bodies = new java.util.LinkedHashMap<>();
        ViidRenderer viid = viidRenderer;
        byte[] viidBody = null;
        for (Subscriber s : wanting) {
            if (s.deliversViid() && viid != null) {
                if (viidBody == null) viidBody = viid.render(a, r);
                bodies.put(s.id(), viidBody);
            } else {
                bodies.put(s.id(), body);
            }
        }
        if (!alertLog.raise(a, bodies, hold)) return false;
        raised.increment();
        held.accept(r);
        for (Subscriber s : wanting) deliverer.wake(s);
        browsers.accept(new String(body, java.nio.charset.StandardCharsets.UTF_8)); // the UI loads pictures by Key
        log.info("alert {}: {} {} of device {} matched {} ({}, list {})", a.id(), r.type(), r.id(), r.deviceId(), a.watched(), a.entryId(), a.list());
        return true;
    }

    public void addSubscriber(Subscriber s) throws IOException {
        subscribers.add(s);
        deliverer.wake(s);
    }

    public boolean removeSubscriber(String id) throws IOException {
        if (!subscribers.remove(id)) return false;
        deliverer.stop(id);
        return true;
    }

    public WatchList watchList() { return watchList; }

    public AlertLog log() { return alertLog; }

    public Subscribers subscribers() { return subscribers; }

    public WebhookDeliverer deliverer() { return deliverer; }

    /**
     * Takes in what other nodes changed in the shared database: watch entries added or removed, and
     * subscribers (a lane for each, which delivers while it holds the subscriber's lease). After every heartbeat.
     */
    public void refreshFromDatabase() throws IOException {
        watchList.refreshIfChanged();
        deliverer.keepLanes(subscribers.all());
    }

    @Override
    public void close() throws IOException {
        deliverer.close();
        watchList.close();
    }
}
