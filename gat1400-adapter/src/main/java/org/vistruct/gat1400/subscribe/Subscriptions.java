package org.vistruct.gat1400.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.GaTime;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.DeviceDirectory;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.RecordFeed;
import org.vistruct.gat1400.ResponseStatus;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidStatus;
import org.vistruct.gat1400.ViidStore;
import org.vistruct.gat1400.client.ViidClient;
import org.vistruct.gat1400.objects.ObjectKind;

/**
 * Subscriptions others made here (POST /VIID/Subscribes): kept in the store, each served by its
 * lanes: records of the subscribed kinds read from the record feed and POSTed to ReceiveAddr as
 * SubscribeNotifications (at least once, across restarts), and the device directory and status
 * sent whenever they change.
 */
public final class Subscriptions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private static final int BATCH = 50;
    private final ViidStore store;
    private final RecordFeed feed;
    private final DeviceDirectory directory;
    private final Notifications notifications;
    private final ViidClient client;
    private final Backoff backoff;
    private final ZoneId zone;
    private final int maxSubscriptions;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Thread directoryThread;
    private volatile boolean closed;

    private record Active(Subscription s, FeedLane records) {}

    public Subscriptions(ViidStore store, RecordFeed feed, DeviceDirectory directory, Notifications notifications, ViidClient client, Backoff backoff,
                         ZoneId zone, int maxSubscriptions) throws IOException {
        this.store = store;
        this.feed = feed;
        this.directory = directory;
        this.notifications = notifications;
        this.client = client;
        this.backoff = backoff;
        this.zone = zone;
        this.maxSubscriptions = maxSubscriptions;
        long now = System.currentTimeMillis();
        for (ViidStore.SubscriptionRow row : store.subscriptions()) {
            if (!"active".equals(row.state())) continue;
            try {
                Subscription s = Subscription.read(ViidJson.mapper().readTree(row.body()), row.subscriber(), zone, Math.min(now, row.updated()));
                if (s.ended(now)) {
                    store.saveSubscription(new ViidStore.SubscriptionRow(row.id(), row.subscriber(), "ended", row.created(), now, row.body()));
                    continue;
                }
                start(s);
            } catch (IOException | ObjectError e) {
                log.error("GA/T 1400 subscription {} of {} could not be resumed: {}", row.id(), row.subscriber(), e.getMessage());
            }
        }
        this.directoryThread = Thread.ofVirtual().name("viid-directory").start(this::watchDirectory);
    }

    /** POST/PUT /VIID/Subscribes: each SubscribeObject made, changed or cancelled (OperateType 1), with its own status. */
    public List<ResponseStatus> apply(JsonNode root, String subscriber, String requestUrl) {
        List<ResponseStatus> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (JsonNode n : ViidJson.objects(root, "SubscribeListObject", "SubscribeObject")) {
            String id = n.isObject() ? ViidJson.text(n, "SubscribeID") : null;
            try {
                Subscription s = Subscription.read(n, subscriber, zone, now);
                if (s.cancel()) {
                    out.add(cancel(s.id(), subscriber, requestUrl));
                    continue;
                }
                Active existing = active.get(s.id());
                if (existing != null && !existing.s().subscriber().equals(subscriber)) {
                    throw new ObjectError(ViidStatus.INVALID_OPERATION, "subscription " + s.id() + " belongs to " + existing.s().subscriber());
                }
                if (existing == null && active.size() >= maxSubscriptions) throw new ObjectError(ViidStatus.DEVICE_BUSY, "at most " + maxSubscriptions + " subscriptions");
                store.saveSubscription(new ViidStore.SubscriptionRow(s.id(), subscriber, "active", now, now, ViidJson.mapper().writeValueAsString(n)));
                if (existing != null) stop(existing);
                start(s);
                log.info("GA/T 1400 subscription {} by {}: {} to {}", s.id(), subscriber, s.details(), s.receiveAddr());
                out.add(ResponseStatus.ok(s.id(), requestUrl));
            } catch (ObjectError e) {
                out.add(ResponseStatus.of(id, requestUrl, e.status(), e.getMessage()));
            } catch (IOException e) {
                log.error("GA/T 1400 subscription {} of {} not stored", id, subscriber, e);
                out.add(ResponseStatus.of(id, requestUrl, ViidStatus.DEVICE_ERROR, "not stored: " + e.getMessage()));
            }
        }
        if (out.isEmpty()) out.add(ResponseStatus.of("", requestUrl, ViidStatus.INVALID_JSON_CONTENT, "no SubscribeObject in the body"));
        return out;
    }

    /** Cancels a subscription (DELETE, or OperateType 1); only its subscriber may. */
    public ResponseStatus cancel(String id, String subscriber, String requestUrl) {
        Active a = active.get(id);
        if (a == null) return ResponseStatus.of(id, requestUrl, ViidStatus.INVALID_OPERATION, "no active subscription " + id);
        if (!a.s().subscriber().equals(subscriber)) return ResponseStatus.of(id, requestUrl, ViidStatus.INVALID_OPERATION, "subscription " + id + " belongs to " + a.s().subscriber());
        try {
            long now = System.currentTimeMillis();
            for (ViidStore.SubscriptionRow row : store.subscriptions()) {
                if (row.id().equals(id)) store.saveSubscription(new ViidStore.SubscriptionRow(id, row.subscriber(), "cancelled", row.created(), now, row.body()));
            }
        } catch (IOException e) {
            return ResponseStatus.of(id, requestUrl, ViidStatus.DEVICE_ERROR, "not cancelled: " + e.getMessage());
        }
        stop(a);
        active.remove(id);
        log.info("GA/T 1400 subscription {} cancelled by {}", id, subscriber);
        return ResponseStatus.ok(id, requestUrl);
    }

    private void start(Subscription s) throws IOException {
        FeedLane lane = null;
        if (s.wantsRecords()) {
            Set<RecordType> types = new HashSet<>();
            for (String d : s.details()) {
                ObjectKind k = ObjectKind.ofSubscribeCode(d);
                if (k != null) types.add(k.type());
            }
            RecordFeed.Filter filter = new RecordFeed.Filter(types, devicesOf(s.resources()), s.begin() > 0 ? s.begin() : null, s.end() > 0 ? s.end() : null);
            lane = new FeedLane("subscription:" + s.id(), s.receiveAddr(), feed, filter, store, (first, batch) -> deliver(s, first, batch), () -> !s.ended(System.currentTimeMillis()),
                    backoff, BATCH, s.reportIntervalS() * 1000L, feed.head());
        }
        active.put(s.id(), new Active(s, lane));
        Thread t = directoryThread;
        if (s.wantsDirectory() && t != null) t.interrupt(); // send the directory now
    }

    private void stop(Active a) {
        if (a.records() != null) a.records().close();
    }

    /** ResourceURI ids as device ids: a tollgate stands for itself and the devices under it. */
    private Set<String> devicesOf(Set<String> resources) throws IOException {
        if (resources.isEmpty()) return Set.of();
        Set<String> out = new HashSet<>(resources);
        for (DeviceDirectory.Kind kind : DeviceDirectory.Kind.values()) {
            for (DeviceDirectory.Device d : directory.all(kind)) if (d.parentId() != null && resources.contains(d.parentId())) out.add(d.id());
        }
        return out;
    }

    private String deliver(Subscription s, long first, List<StructuredRecord> batch) throws InterruptedException {
        ObjectNode body;
        try {
            body = notifications.records(notifications.id(first), s.id(), s.title(), batch, s.imageTypes(), s.withFeature());
        } catch (IOException e) {
            return "cannot read pictures: " + e.getMessage();
        }
        ViidClient.Reply r = client.post(s.receiveAddr(), body);
        return r.ok() ? null : r.problem();
    }

    /** Sends the directory and status to subscriptions that want them whenever they change (checked every 10 s or when woken). */
    private void watchDirectory() {
        while (!closed) {
            try {
                for (Active a : List.copyOf(active.values())) if (a.s().wantsDirectory() && !a.s().ended(System.currentTimeMillis())) sendDirectory(a.s());
            } catch (RuntimeException e) {
                log.error("GA/T 1400 directory notifications failed; they go on", e);
            }
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                if (closed) return;
            }
        }
    }

    private void sendDirectory(Subscription s) {
        Map<String, ObjectNode> bodies = new LinkedHashMap<>();
        try {
            if (s.details().contains("3")) bodies.put("3", notifications.directory(null, s.id(), s.title(), "DeviceList", "APEObject", items(DeviceDirectory.Kind.APE, s)));
            if (s.details().contains("7")) {
                bodies.put("7", notifications.directory(null, s.id(), s.title(), "TollgateObjectList", "TollgateObject", items(DeviceDirectory.Kind.TOLLGATE, s)));
            }
            if (s.details().contains("4")) bodies.put("4", notifications.directory(null, s.id(), s.title(), "DeviceStatusList", "APEStatusObject", status(s)));
        } catch (IOException e) {
            log.warn("GA/T 1400 subscription {}: directory not read: {}", s.id(), e.getMessage());
            return;
        }
        for (var e : bodies.entrySet()) {
            String cursor = "subscription:" + s.id() + ":" + e.getKey();
            try {
                ObjectNode body = e.getValue();
                String digest = digest(body);
                ViidStore.Cursor c = store.cursor(cursor);
                if (c != null && digest.equals(c.digest())) continue;
                ((ObjectNode) body.get("SubscribeNotificationListObject").get("SubscribeNotificationObject").get(0)).put("NotificationID",
                        notifications.id(Long.parseLong(digest.substring(0, 12), 16)));
                ViidClient.Reply r = client.post(s.receiveAddr(), body);
                if (r.ok()) store.saveCursor(cursor, 0, digest);
                else log.warn("GA/T 1400 subscription {}: directory {} not delivered to {} ({}); tried again in 10 s", s.id(), e.getKey(), s.receiveAddr(), r.problem());
            } catch (IOException ex) {
                log.warn("GA/T 1400 subscription {}: {}", s.id(), ex.getMessage());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<ObjectNode> items(DeviceDirectory.Kind kind, Subscription s) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (DeviceDirectory.Device d : directory.all(kind)) {
            if (!s.resources().isEmpty() && !s.resources().contains(d.id()) && (d.parentId() == null || !s.resources().contains(d.parentId()))) continue;
            ObjectNode n;
            try {
                n = d.body() == null ? ViidJson.mapper().createObjectNode() : (ObjectNode) ViidJson.mapper().readTree(d.body());
            } catch (IOException | ClassCastException e) {
                n = ViidJson.mapper().createObjectNode();
            }
            n.put(kind == DeviceDirectory.Kind.TOLLGATE ? "TollgateID" : kind == DeviceDirectory.Kind.LANE ? "LaneID" : "ApeID", d.id());
            if (d.name() != null) n.put("Name", d.name());
            if (d.longitude() != null) n.put("Longitude", d.longitude());
            if (d.latitude() != null) n.put("Latitude", d.latitude());
            out.add(n);
        }
        return out;
    }

    private List<ObjectNode> status(Subscription s) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        String now = GaTime.format(System.currentTimeMillis(), zone);
        for (var e : new java.util.TreeMap<>(directory.status()).entrySet()) {
            if (!s.resources().isEmpty() && !s.resources().contains(e.getKey())) continue;
            out.add(ViidJson.mapper().createObjectNode().put("ApeID", e.getKey()).put("IsOnline", e.getValue() ? "1" : "2").put("CurrentTime", now));
        }
        return out;
    }

    /** A digest of a notification's content without its changing members (ids, times). */
    private static String digest(ObjectNode body) throws IOException {
        ObjectNode copy = body.deepCopy();
        ObjectNode n = (ObjectNode) copy.get("SubscribeNotificationListObject").get("SubscribeNotificationObject").get(0);
        n.remove("TriggerTime");
        n.remove("NotificationID");
        for (JsonNode list : n) for (JsonNode items : list) for (JsonNode item : items) if (item instanceof ObjectNode o) o.remove("CurrentTime");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ViidJson.mapper().writeValueAsString(copy).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records were written: lanes look now. */
    public void wake() {
        for (Active a : active.values()) if (a.records() != null) a.records().wake();
    }

    /** What the API shows of each active subscription. */
    public record View(String id, String subscriber, Set<String> details, String receiveAddr, long begin, long end, FeedLane.State lane, long queued) {}

    public List<View> views() {
        List<View> out = new ArrayList<>();
        for (Active a : active.values()) {
            long queued = -1;
            try {
                if (a.records() != null) queued = a.records().queued();
            } catch (IOException e) {
                queued = -1;
            }
            out.add(new View(a.s().id(), a.s().subscriber(), a.s().details(), a.s().receiveAddr(), a.s().begin(), a.s().end(),
                    a.records() == null ? null : a.records().state(), queued));
        }
        out.sort(java.util.Comparator.comparing(View::id));
        return out;
    }

    public int size() { return active.size(); }

    @Override
    public void close() {
        closed = true;
        if (directoryThread != null) directoryThread.interrupt();
        for (Active a : active.values()) stop(a);
        active.clear();
    }
}
