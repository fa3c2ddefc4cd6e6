package org.vistruct.server.viid;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.PictureStore;
import org.vistruct.core.RecordType;
import org.vistruct.gat1400.FaceFeatures;
import org.vistruct.gat1400.PictureLinks;
import org.vistruct.gat1400.ViidService;
import org.vistruct.gat1400.ViidStore;
import org.vistruct.gat1400.client.ViidClient;
import org.vistruct.gat1400.cascade.LowerPlatforms;
import org.vistruct.gat1400.cascade.UpperLink;
import org.vistruct.gat1400.cascade.UpperPlatform;
import org.vistruct.gat1400.disposition.DispositionNotices;
import org.vistruct.gat1400.intake.DirectoryIntake;
import org.vistruct.gat1400.intake.ObjectIntake;
import org.vistruct.gat1400.intake.ObjectQueries;
import org.vistruct.gat1400.objects.ObjectReader;
import org.vistruct.gat1400.objects.ObjectWriter;
import org.vistruct.gat1400.objects.PictureFetcher;
import org.vistruct.gat1400.subscribe.Backoff;
import org.vistruct.gat1400.subscribe.Notifications;
import org.vistruct.gat1400.subscribe.Subscriptions;
import org.vistruct.gat1400.system.Registrations;
import org.vistruct.index.RecordStore;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.server.QueryFaceEncoder;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.alerts.AlertService;
import org.vistruct.server.http.Metrics;

/**
 * The GA/T 1400 side of a running server, put together from the configuration: registrations,
 * intake through the one write path, queries, directories, subscriptions served from the record
 * feed, dispositions as watch lists, links to upper platforms, requests to lower platforms.
 */
public final class ViidPlatform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ViidPlatform.class);
    private final String serverId;
    private final Registrations registrations;
    private final ObjectIntake intake;
    private final Subscriptions subscriptions;
    private final List<UpperLink> uppers = new ArrayList<>();
    private final LowerPlatforms lowers;
    private final ViidClient client;
    private final ViidService service;
    private final ViidStore store;
    private final PictureLinks links;
    private final Thread expiry;
    private final DatabaseDeviceDirectory directory;

    /** What the platform is built on. */
    public record Parts(VistructConfig config, MetadataStore metadata, RecordStore index, PictureStore pictures, org.vistruct.core.RecordWriter writer,
                        AlertService alerts, QueryFaceEncoder faces, Supplier<Map<String, Boolean>> gbDevicesOnline, String nodeId) {}

    public ViidPlatform(Parts p) throws IOException {
        VistructConfig c = p.config();
        ZoneId zone = c.zone();
        this.serverId = c.get("gat1400.server-id");
        if (!serverId.matches("[0-9A-Za-z_-]{1,64}")) throw new IllegalArgumentException("gat1400.server-id must be 1-64 letters or digits (20 digits by the standard), was '" + serverId + "'");
        Map<String, String> passwords = pairs(c.get("gat1400.passwords"), "gat1400.passwords");
        String defaultPassword = c.get("gat1400.password");
        boolean allowUnknown = c.getBoolean("gat1400.allow-unknown");
        this.registrations = new Registrations(serverId, id -> passwords.containsKey(id) ? passwords.get(id) : allowUnknown ? defaultPassword : null,
                c.getInt("gat1400.keepalive-timeout-s") * 1000L, c.getInt("gat1400.max-senders"), System::currentTimeMillis);
        long maxPicture = c.getInt("gat1400.max-picture-mb") * (1L << 20);
        Duration timeout = Duration.ofMillis(c.getInt("gat1400.timeout-ms"));
        Set<String> hosts = new HashSet<>();
        for (String h : c.get("gat1400.fetch-hosts").split(",")) if (!h.isBlank()) hosts.add(h.trim());
        PictureFetcher fetcher = new PictureFetcher(hosts, maxPicture, timeout);
        FaceFeatures faces = p.faces() == null ? FaceFeatures.none(EncoderFaceFeatures.VENDOR, EncoderFaceFeatures.VERSION) : new EncoderFaceFeatures(p.faces());
        IndexRecordFeed feed = new IndexRecordFeed(p.index());
        this.intake = new ObjectIntake(new ObjectReader(zone, fetcher, maxPicture, faces.vendor(), faces.version()), p.writer(), faces);
        this.links = new PictureLinks(linkSecret(p.metadata()), null);
        ObjectWriter writer = new ObjectWriter(zone, p.pictures(), faces.vendor(), faces.version(), links::url);
        this.store = new DatabaseViidStore(p.metadata().viid(), p.metadata().leases(), p.nodeId(), c.getInt("cluster.dead-after-ms"));
        this.directory = new DatabaseDeviceDirectory(p.metadata().devices(), () -> {
            Map<String, Boolean> m = new LinkedHashMap<>(p.gbDevicesOnline().get());
            for (Registrations.Sender s : registrations.senders()) m.put(s.id(), s.online());
            return m;
        });
        this.client = new ViidClient(serverId, timeout, zone);
        Backoff backoff = new Backoff(c.getInt("gat1400.retry-first-ms"), c.getInt("gat1400.retry-max-ms"));
        this.subscriptions = new Subscriptions(store, feed, directory, new Notifications(writer, zone, serverId), client, backoff, zone,
                c.getInt("gat1400.max-subscriptions"));
        WatchListDispositions dispositions = new WatchListDispositions(p.alerts(), p.metadata().viid(), p.faces(), p.pictures(), zone);
        p.alerts().viid((alert, record) -> {
            String dispositionId = alert.list();
            for (var row : p.metadata().viid().dispositions()) if (WatchListDispositions.listOf(row.id()).equals(alert.list())) dispositionId = row.id();
            return org.vistruct.gat1400.ViidJson.mapper().writeValueAsBytes(DispositionNotices.body(alert.id(), dispositionId, alert.reason(), alert.triggerTime(), record, writer, zone));
        }, serverId);
        Map<String, String> upperPasswords = pairs(c.get("gat1400.upper-passwords"), "gat1400.upper-passwords");
        Set<RecordType> types = new HashSet<>();
        for (String t : c.get("gat1400.upper-types").split(",")) if (!t.isBlank()) types.add(RecordType.parse(t));
        Set<String> devices = new HashSet<>(Arrays.stream(c.get("gat1400.upper-devices").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        try {
            for (var e : pairs(c.get("gat1400.uppers"), "gat1400.uppers").entrySet()) {
                UpperPlatform up = new UpperPlatform(e.getKey(), e.getValue(), upperPasswords.getOrDefault(e.getKey(), c.get("gat1400.upper-password")), types, devices,
                        c.getInt("gat1400.upper-keepalive-s") * 1000L);
                uppers.add(new UpperLink(up, client, feed, store, writer, backoff));
            }
            this.lowers = new LowerPlatforms(pairs(c.get("gat1400.lowers"), "gat1400.lowers"), client);
        } catch (IOException | RuntimeException e) {
            close0();
            throw e;
        }
        this.service = new ViidService(new ViidService.Parts(serverId, zone, registrations, intake, new ObjectQueries(feed, writer, zone), new DirectoryIntake(directory),
                directory, subscriptions, dispositions, store, fetcher, p.pictures(), links, id -> uppers.stream().anyMatch(u -> u.platform().id().equals(id) && u.registered()),
                maxPicture));
        this.expiry = Thread.ofVirtual().name("viid-keepalive-expiry").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5_000);
                    registrations.expire();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.error("GA/T 1400 keepalive expiry failed; it goes on", e);
                }
            }
        });
    }

    /** The secret picture links are signed with, made once per installation and kept in the metadata database (links stay valid across restarts). */
    private static byte[] linkSecret(MetadataStore metadata) throws IOException {
        String s = metadata.meta().get("gat1400.picture-link-secret");
        if (s == null) {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            s = HexFormat.of().formatHex(b);
            metadata.meta().put("gat1400.picture-link-secret", s);
        }
        return HexFormat.of().parseHex(s);
    }

    static Map<String, String> pairs(String value, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException(key + ": '" + pair.trim() + "' is not id=value");
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    /** The server's address as peers reach it (StoragePath URLs of pictures); known once HTTP listens. */
    public void publicUrl(String url) { links.base(url); }

    /** Records were written: subscriptions and upper links look now. */
    public void written() {
        subscriptions.wake();
        for (UpperLink u : uppers) u.wake();
    }

    public String serverId() { return serverId; }

    public ViidService service() { return service; }

    public Registrations registrations() { return registrations; }

    public Subscriptions subscriptions() { return subscriptions; }

    public List<UpperLink> uppers() { return uppers; }

    public LowerPlatforms lowers() { return lowers; }

    public ViidStore store() { return store; }

    public ObjectIntake intake() { return intake; }

    /** The devices GA/T 1400 senders described, as the device list shows them (with whether their sender is online). */
    public List<Map<String, Object>> devices() {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            Map<String, Boolean> status = directory.status();
            for (org.vistruct.gat1400.DeviceDirectory.Device d : directory.all(null)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.id());
                m.put("protocol", "GA/T 1400");
                m.put("kind", d.kind().name());
                m.put("name", d.name());
                m.put("longitude", d.longitude());
                m.put("latitude", d.latitude());
                m.put("placeCode", d.placeCode());
                m.put("parentId", d.parentId());
                m.put("sender", d.sender());
                m.put("online", status.getOrDefault(d.id(), registrations.isOnline(d.sender())));
                out.add(m);
            }
        } catch (IOException e) {
            log.warn("GA/T 1400 devices not read: {}", e.getMessage());
        }
        return out;
    }

    /** Metrics an operator scrapes: requests, intake, registrations, subscriptions and upper links. */
    public void describe(Metrics m) {
        m.gauge("vistruct_gat1400_requests_total", "GA/T 1400 requests received", service.requests::sum);
        m.gauge("vistruct_gat1400_refused_total", "GA/T 1400 requests refused (not registered, wrong digest)", service.refused::sum);
        m.gauge("vistruct_gat1400_malformed_total", "GA/T 1400 requests refused as malformed (JSON, content)", service.malformed::sum);
        m.gauge("vistruct_gat1400_objects_accepted_total", "objects taken in as records", intake.accepted::sum);
        m.gauge("vistruct_gat1400_objects_duplicate_total", "objects sent again and answered OK without a new record", intake.duplicates::sum);
        m.gauge("vistruct_gat1400_objects_completed_total", "objects sent again with pictures the held record lacked, which completed it", intake.completed::sum);
        m.gauge("vistruct_gat1400_objects_rejected_total", "objects refused with their own status (wrong content)", intake.rejected::sum);
        m.gauge("vistruct_gat1400_objects_failed_total", "objects not stored (storage failed; the sender sends them again)", intake.failed::sum);
        m.gauge("vistruct_gat1400_senders_online", "senders registered and keeping alive", () -> registrations.senders().stream().filter(Registrations.Sender::online).count());
        m.gauge("vistruct_gat1400_subscriptions", "subscriptions served", subscriptions::size);
        m.gauge("vistruct_gat1400_notifications_received_total", "notifications received from lower platforms", service.notificationsReceived::sum);
        for (UpperLink u : uppers) {
            String l = "{upper=\"" + u.platform().id() + "\"}";
            m.gauge("vistruct_gat1400_upper_registered" + l, "1 while registered with the upper platform", () -> u.registered() ? 1 : 0);
            m.gauge("vistruct_gat1400_upper_pushed_total" + l, "records pushed to the upper platform", () -> u.state().pushed());
            m.gauge("vistruct_gat1400_upper_queued" + l, "records waiting to be pushed to the upper platform", () -> u.state().queued());
            m.gauge("vistruct_gat1400_upper_failures_total" + l, "failed registrations, keepalives and pushes", () -> u.state().failures());
            m.gauge("vistruct_gat1400_upper_last_keepalive_seconds" + l, "when the upper platform last took a keepalive (Unix time)", () -> u.state().lastKeepalive() / 1000.0);
        }
    }

    /** Sends SubscribeObjects to a lower platform (as its upper), with this server's notification address as ReceiveAddr when none is given. */
    public ViidClient.Reply subscribeLower(String lowerId, JsonNode subscribeObject, String publicUrl) throws InterruptedException {
        if (subscribeObject instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("ReceiveAddr")) o.put("ReceiveAddr", publicUrl + "/VIID/SubscribeNotifications");
        return lowers.subscribe(lowerId, subscribeObject);
    }

    /** Sends a DispositionObject to a lower platform, its hits to come back here when no ReceiveAddr is given. */
    public ViidClient.Reply disposeLower(String lowerId, JsonNode dispositionObject, String publicUrl) throws InterruptedException {
        if (dispositionObject instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("ReceiveAddr")) o.put("ReceiveAddr", publicUrl + "/VIID/DispositionNotifications");
        return lowers.dispose(lowerId, dispositionObject);
    }

    @Override
    public void close() { close0(); }

    private void close0() {
        if (expiry != null) expiry.interrupt();
        for (UpperLink u : uppers) u.close();
        subscriptions.close();
        client.close();
    }
}
