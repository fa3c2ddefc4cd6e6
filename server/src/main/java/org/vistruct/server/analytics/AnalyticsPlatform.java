package org.vistruct.server.analytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.analytics.AnalyticsSettings;
import org.vistruct.analytics.CloneWatch;
import org.vistruct.analytics.Investigations;
import org.vistruct.analytics.Place;
import org.vistruct.analytics.Places;
import org.vistruct.analytics.TravelTimes;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassView;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordStore;
import org.vistruct.index.RecordQuery;
import org.vistruct.metadata.DeviceTable;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.metadata.PlaceTable;
import org.vistruct.metadata.SuspectTable;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.alerts.AlertService;

/**
 * Vehicle investigation in the server: the tactics over the index, device places from the
 * metadata database (set by hand, from GB/T 28181 catalogs, or as GA/T 1400 senders described
 * their devices), travel times learned daily in the background, and the real-time 套牌 check on
 * each vehicle pass written, whose suspects are stored and alerted.
 */
public final class AnalyticsPlatform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AnalyticsPlatform.class);
    private final MetadataStore store;
    private final RecordStore index;
    private final AnalyticsSettings settings;
    private final TravelTimes travel;
    private final Investigations investigations;
    private final CloneWatch watch;
    private final AlertService alerts;
    private final int learnDays;
    private volatile Set<String> dismissed;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "analytics-learn");
        t.setDaemon(true);
        return t;
    });

    public AnalyticsPlatform(VistructConfig config, MetadataStore store, RecordStore index, AlertService alerts) throws IOException {
        this.store = store;
        this.index = index;
        this.alerts = alerts;
        this.settings = settings(config);
        this.learnDays = config.getInt("analytics.learn-days");
        if (learnDays < 1 || learnDays > 366) throw new IllegalArgumentException("analytics.learn-days must be 1-366, was " + learnDays);
        this.travel = new TravelTimes(settings, loadPlaces());
        this.investigations = new Investigations(index, settings, travel);
        this.dismissed = store.suspects().dismissedPairs();
        this.watch = config.getBoolean("analytics.realtime-clones") ? investigations.cloneWatch(k -> dismissed.contains(k)) : null;
        background.execute(this::warmUp);
        background.scheduleWithFixedDelay(this::learn, 24, 24, TimeUnit.HOURS);
    }

    public static AnalyticsSettings settings(VistructConfig c) {
        return new AnalyticsSettings(c.zone(), c.getInt("analytics.max-range-days"), Math.round(c.getDouble("analytics.max-query-s") * 1000),
                Long.parseLong(c.get("analytics.max-passes").trim()), c.getInt("analytics.min-plate-reliability"), c.getDouble("analytics.top-speed-kmh"),
                c.getDouble("analytics.learn-percentile"), c.getInt("analytics.learn-min-samples"), c.getInt("analytics.conflict-window-min") * 60_000L,
                c.getInt("analytics.min-attribute-reliability"), Math.round(c.getDouble("analytics.clone-horizon-hours") * 3_600_000L));
    }

    private void warmUp() {
        try {
            long t0 = System.nanoTime();
            long n = index.addMissingColumns();
            if (n > 0) log.info("{} vehicle passes of an earlier version given their analytics columns in {} s", n, (System.nanoTime() - t0) / 1_000_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("vehicle passes of an earlier version keep no analytics columns for now (answers count them as passesWithoutColumns): {}", e.toString());
        }
        long now = System.currentTimeMillis();
        if (watch != null) {
            try (PassView v = index.passes()) {
                int plates = watch.warm(v, now - settings.cloneHorizonMs(), now + 60_000);
                log.info("real-time clone check: the last passes of {} plates remembered", plates);
            } catch (IOException | RuntimeException e) {
                log.warn("real-time clone check starts without memory of recent passes: {}", e.toString());
            }
        }
        learn();
    }

    private void learn() {
        long now = System.currentTimeMillis();
        try {
            long t0 = System.nanoTime();
            long n = investigations.learnTravelTimes(now - learnDays * 86_400_000L, now);
            log.info("travel times learned from {} observations of the last {} days: {} device pairs, {} ms", n, learnDays, travel.learnedPairs(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("travel times not learned (distance over top speed serves meanwhile): {}", e.toString());
        }
    }

    /** Positions: GA/T 1400 directory devices first, then catalog and manual rows (a manual row wins). */
    private Places loadPlaces() throws IOException {
        Map<String, Place> out = new HashMap<>();
        for (DeviceTable.DirectoryRow d : store.devices().directory(null)) {
            if (d.longitude() != null && d.latitude() != null) out.put(d.id(), new Place(d.id(), d.name() == null ? d.id() : d.name(), d.longitude(), d.latitude()));
        }
        for (PlaceTable.PlaceRow p : store.places().all()) out.put(p.deviceId(), new Place(p.deviceId(), p.name() == null ? p.deviceId() : p.name(), p.longitude(), p.latitude()));
        return new Places(new ArrayList<>(out.values()));
    }

    /** Saves positions (manual or catalog) and makes them current. */
    public int savePlaces(List<Place> places, String source) throws IOException {
        long now = System.currentTimeMillis();
        int n = store.places().save(places.stream().map(p -> new PlaceTable.PlaceRow(p.deviceId(), p.name(), p.longitude(), p.latitude(), source, now)).toList());
        travel.places(loadPlaces());
        return n;
    }

    /** Positions a GB/T 28181 catalog gave its channels (never over one set by hand). Never throws: a failure is logged. */
    public void catalogPositions(List<org.vistruct.gb28181.device.Channel> channels) {
        try {
            savePlaces(channels.stream().map(c -> new Place(c.id(), c.name(), c.longitude(), c.latitude())).toList(), PlaceTable.CATALOG);
        } catch (IOException | RuntimeException e) {
            log.warn("positions of {} catalog channels not saved: {}", channels.size(), e.toString());
        }
    }

    public boolean deletePlace(String deviceId) throws IOException {
        boolean gone = store.places().delete(deviceId);
        travel.places(loadPlaces());
        return gone;
    }

    public List<PlaceTable.PlaceRow> placeRows() throws IOException { return store.places().all(); }

    public Places places() { return travel.places(); }

    public Investigations investigations() { return investigations; }

    public SuspectTable suspects() { return store.suspects(); }

    public CloneWatch watch() { return watch; }

    /** Records a verdict; a dismissal quiets its pair from now on. */
    public boolean decide(String id, String verdict, String by) throws IOException {
        if (!verdict.equals("confirmed") && !verdict.equals("dismissed")) throw new IllegalArgumentException("verdict: confirmed or dismissed, was '" + verdict + "'");
        boolean found = store.suspects().decide(id, verdict, by, System.currentTimeMillis());
        dismissed = store.suspects().dismissedPairs();
        return found;
    }

    /**
     * Checks a vehicle pass just made durable against its plate's last pass; a breach is stored as a
     * suspect, then alerted. Never throws: a failure is logged with the record.
     */
    public void written(MotorVehicle v) {
        if (watch == null) return;
        try {
            CloneWatch.Alarm a = watch.check(v);
            if (a == null) return;
            String first = previousRecord(a);
            String id = "CS" + org.vistruct.server.alerts.Alert.idOf(v.id(), "clone").substring(2); // stable: the same pass never makes two suspects
            store.suspects().add(new SuspectTable.SuspectRow(id, a.plate(), a.breach().rule().name(), a.breach().pairKey(), a.breach().reason(), first, v.id(),
                    System.currentTimeMillis(), null, null, null));
            alerts.onCloneSuspect(v, id, a.breach().reason());
        } catch (IOException | RuntimeException e) {
            log.error("real-time clone check of {} (plate {}, device {}) failed", v.id(), v.plateNo(), v.deviceId(), e);
        }
    }

    /** The record of the plate's previous pass (the watch keeps only its device and time). */
    private String previousRecord(CloneWatch.Alarm a) throws IOException {
        long t = a.previous().time();
        var found = index.search(new RecordQuery(new PlatePattern(a.plate()), null, null, null, Set.of(a.previous().deviceId()), t, t + 1, 1));
        return found.isEmpty() ? null : found.get(0).id();
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
