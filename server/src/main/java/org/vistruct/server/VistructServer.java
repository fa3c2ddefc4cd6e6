package org.vistruct.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.gb28181.device.Gb28181Service;
import org.vistruct.gb28181.device.Gb28181Settings;
import org.vistruct.server.alerts.AlertService;
import org.vistruct.server.api.AdminRoutes;
import org.vistruct.server.api.AlertRoutes;
import org.vistruct.server.api.WatchRoutes;
import org.vistruct.server.api.DeviceRoutes;
import org.vistruct.server.api.JobRoutes;
import org.vistruct.server.api.PictureRoutes;
import org.vistruct.server.api.RecordRoutes;
import org.vistruct.server.api.SystemRoutes;
import org.vistruct.server.api.TokenRoutes;
import org.vistruct.server.api.RetentionRoutes;
import org.vistruct.retention.OrphanSweep;
import org.vistruct.retention.RetentionScheduler;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.HttpApiServer;
import org.vistruct.server.http.Metrics;
import org.vistruct.server.http.EventStream;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;
import org.vistruct.server.http.TokenStore;

/**
 * `vistruct serve`: one process with the data directory open (index, object store, models), the
 * job queue, the HTTP API and the web UI.
 */
public final class VistructServer implements AutoCloseable {
    private final VistructRuntime runtime;
    private final AuditLog audit;
    private volatile JobQueue jobs;
    private org.vistruct.cluster.NodeHeartbeat heartbeat;
    private volatile ClusterRelay relay;
    private final QueryFaceEncoder faces;
    /** The node's models, each loaded once and shared by every stream, job and query photo. */
    private final org.vistruct.analyzer.model.InferenceEngine engine;
    private final HttpApiServer http;
    private AlertService alerts;
    private RetentionScheduler retention;
    private List<Route> routes;
    private Gb28181Service sip;
    private org.vistruct.server.live.LiveChannels live;
    private io.netty.channel.EventLoopGroup mediaLoop;
    private org.vistruct.server.viid.ViidPlatform viid;
    private org.vistruct.server.analytics.AnalyticsPlatform analytics;
    private final String firstAdminToken;

    public VistructServer(Path data, VistructConfig config, String bind, int port) throws IOException, InterruptedException {
        this.runtime = new VistructRuntime(data, config);
        this.engine = new org.vistruct.analyzer.model.InferenceEngine(runtime.modelFiles(), config.inferenceOptions());
        try {
            MetadataStore store = runtime.metadata();
            TokenStore tokens = new TokenStore(store.tokens());
            this.firstAdminToken = tokens.isEmpty() ? tokens.create("admin", Role.ADMIN) : null;
            this.audit = new AuditLog(store.audit());
            Metrics metrics = new Metrics();
            EventStream events = new EventStream("/api/v1/records/stream");
            EventStream alertEvents = new EventStream(AlertRoutes.STREAM);
            this.alerts = alertService(store, data, config, metrics);
            alerts.onBrowserAlert(json -> {
                ClusterRelay r = relay;
                if (r != null) r.raised(json);
                alertEvents.publish(json);
            });
            alerts.onHeld(runtime.evidence()::held);
            RecordSink sink = runtime.sink();
            sink.onWritten((r, provisional, where) -> {
                if (!provisional) {
                    String counter = where == RecordSink.Durable.SPOOLED ? "vistruct_records_spooled_total" : "vistruct_records_written_total";
                    metrics.increment(counter + "{type=\"" + r.type().name() + "\"}", 1);
                }
                ClusterRelay cr = relay;
                if (cr != null && !provisional && where != RecordSink.Durable.SPOOLED) cr.written(r.id());
                events.publish(RecordJson.of(r, config.zone()).put("Type", r.type().name()).put("Provisional", provisional)
                        .put("Spooled", where == RecordSink.Durable.SPOOLED).toString());
                if (where != RecordSink.Durable.DRAINED) alerts.onRecord(r); // a drained record raised its alerts when it was spooled
                org.vistruct.server.analytics.AnalyticsPlatform an = analytics;
                if (an != null && !provisional && where != RecordSink.Durable.DRAINED && r instanceof org.vistruct.core.MotorVehicle mv) an.written(mv);
                org.vistruct.server.viid.ViidPlatform v = viid;
                if (v != null && !provisional && where != RecordSink.Durable.SPOOLED) v.written();
            });
            describe(metrics, events);
            // the node's heartbeat first: other nodes must know it alive before it takes any job
            this.heartbeat = new org.vistruct.cluster.NodeHeartbeat(store.nodes(), org.vistruct.cluster.NodeIdentity.of(config.get("cluster.node-id"), data),
                    config.get("cluster.advertise-url"), config.getInt("cluster.heartbeat-ms"), config.getInt("cluster.dead-after-ms"),
                    () -> jobs == null ? 0 : jobs.running(), () -> live == null ? 0 : live.running());
            var shared = runtime.index() instanceof org.vistruct.index.opensearch.OpenSearchRecordStore os ? os : null;
            if (shared != null) {
                // the shared feed: readers here stay below the other nodes' in-flight writes, and theirs below ours
                heartbeat.feedMark(shared::localFeedHead);
                shared.feedFloor(heartbeat::othersFeedFloor);
                metrics.gauge("vistruct_opensearch_bulks_total", "bulk requests the cluster answered", shared::bulksSent);
                metrics.gauge("vistruct_opensearch_records_written_total", "records the cluster took in bulks", shared::recordsWritten);
            }
            heartbeat.start();
            if (shared != null) {
                // records on a shared cluster: browsers here see what the other nodes write and raise as well
                this.relay = new ClusterRelay(shared, store.alerts(), alerts, r -> events.publish(RecordJson.of(r, config.zone())
                        .put("Type", r.type().name()).put("Provisional", false).put("Spooled", false).toString()));
            }
            this.jobs = new JobQueue(config.getInt("jobs.concurrency"), config.getInt("jobs.max-queued"),
                    () -> new AnalysisModels(engine, config.analyzerSettings()),
                    config.analyzerSettings(), config.decodeOptions(), config.getBoolean("jobs.realtime"), sink, metrics, store.jobs(), config.zone(),
                    heartbeat.nodeId(), heartbeat::aliveSince);
            heartbeat.afterEachBeat(jobs::adoptOrphans);
            heartbeat.afterEachBeat(() -> {
                try {
                    alerts.refreshFromDatabase();
                } catch (IOException e) {
                    org.slf4j.LoggerFactory.getLogger(VistructServer.class).warn("watch lists and subscribers not refreshed from the database: {}", e.getMessage());
                }
            });
            long leaseMs = config.getInt("cluster.dead-after-ms");
            String self = heartbeat.nodeId();
            alerts.deliverer().lease(new org.vistruct.server.alerts.WebhookDeliverer.LaneLease() {
                @Override
                public boolean hold(String subscriberId) {
                    try {
                        return store.leases().hold("webhook:" + subscriberId, self, leaseMs);
                    } catch (IOException e) {
                        return false; // the database is away: nobody can tell who delivers; wait for it
                    }
                }

                @Override
                public long retryMs() { return Math.max(1000, leaseMs / 2); }
            });
            metrics.gauge("vistruct_model_sessions", "ONNX Runtime sessions open on this node: one per model in use, shared by every stream and job",
                    org.vistruct.analyzer.model.OnnxModel::openSessions);
            metrics.gauge("vistruct_cluster_nodes_alive", "nodes of the cluster whose heartbeat is recent", () -> heartbeat.alive());
            metrics.gauge("vistruct_cluster_nodes_dead", "nodes of the cluster whose heartbeat stopped", () -> heartbeat.dead());
            metrics.gauge("vistruct_cluster_heartbeat_failures_total", "heartbeats this node could not write", heartbeat.failures::sum);
            this.faces = new QueryFaceEncoder(engine, config.analyzerSettings());
            List<Path> roots = Arrays.stream(config.get("jobs.path-roots").split(",")).filter(s -> !s.isBlank()).map(s -> Path.of(s.trim())).toList();
            this.analytics = new org.vistruct.server.analytics.AnalyticsPlatform(config, store, runtime.index(), alerts);
            org.vistruct.server.analytics.AnalyticsPlatform an = analytics;
            List<Route> routes = new ArrayList<>();
            if (config.getBoolean("gb28181.enabled")) {
                mediaLoop = new io.netty.channel.nio.NioEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory("rtp", true));
                var ctx = new org.vistruct.server.live.LiveSession.Context(mediaLoop, config.get("gb28181.media-ip"),
                        config.getInt("gb28181.no-media-timeout-s") * 1000L, config.getInt("gb28181.max-lag-ms"),
                        () -> new AnalysisModels(engine, config.analyzerSettings()),
                        config.analyzerSettings(), config.decodeOptions(), sink);
                java.util.concurrent.Callable<Gb28181Service> bindSip = () -> new Gb28181Service(gb28181(config), new DatabaseDeviceStore(store.devices(), an::catalogPositions));
                if (config.getBoolean("gb28181.cluster")) {
                    if (config.get("gb28181.media-ip").equals("auto")) throw new IllegalArgumentException("gb28181.cluster needs gb28181.media-ip: the address devices send media to on this node");
                    // the channels are the cluster's; SIP is bound on whichever node holds the signalling role
                    live = new org.vistruct.server.live.ClusterStreams(ctx, store.liveStreams(), store.leases(), heartbeat, bindSip, config.get("gb28181.domain"),
                            config.getInt("cluster.dead-after-ms"), config.getInt("cluster.heartbeat-ms"));
                } else {
                    this.sip = new Gb28181Service(gb28181(config), new DatabaseDeviceStore(store.devices(), an::catalogPositions));
                    live = new org.vistruct.server.live.LiveStreams(ctx, sip);
                }
                for (String spec : config.get("gb28181.live-channels").split(",")) {
                    if (spec.isBlank()) continue;
                    String[] dc = spec.trim().split("[/:]");
                    if (dc.length < 2) throw new IllegalArgumentException("gb28181.live-channels: '" + spec.trim() + "' is not deviceId/channelId[:transport]");
                    live.start(dc[0], dc[1], dc.length > 2 ? dc[2] : "UDP", true);
                }
                routes.addAll(new org.vistruct.server.api.StreamRoutes(live, this::sip, config.zone()).routes());
                org.vistruct.server.live.LiveChannels streams = live;
                for (String counter : List.of("packets", "lost", "reordered", "wrongSsrc", "framesReceived", "framesDropped", "psErrors", "framesAnalysed", "framesShed", "framesGated", "records")) {
                    metrics.gauge("vistruct_live_" + counter.replaceAll("([A-Z])", "_$1").toLowerCase() + "{scope=\"all streams\"}",
                            "live GB/T 28181 streams: " + counter + ", summed (per stream: GET /api/v1/streams)",
                            () -> streams.localViews().stream().mapToLong(v -> v.get(counter) instanceof Number n ? n.longValue() : 0).sum());
                }
                for (String counter : List.of("framesAnalysed", "framesShed", "framesGated", "records")) {
                    // per stream too: an overloaded node sheds sampled frames, and the operator must see which streams lose them
                    metrics.gaugeFamily("vistruct_live_" + counter.replaceAll("([A-Z])", "_$1").toLowerCase(), "live GB/T 28181 streams: " + counter, () -> {
                        Map<Map<String, String>, Double> out = new java.util.HashMap<>();
                        for (Map<String, Object> v : streams.localViews()) {
                            if (v.get(counter) instanceof Number n) out.put(Map.of("device", String.valueOf(v.get("deviceId")), "channel", String.valueOf(v.get("channelId"))), n.doubleValue());
                        }
                        return out;
                    });
                }
                metrics.gauge("vistruct_live_streams_streaming", "live streams receiving media on this node",
                        () -> streams.localViews().stream().filter(v -> "streaming".equals(v.get("state"))).count());
                metrics.gauge("vistruct_live_streams_running", "live streams whose sessions run on this node", streams::running);
                metrics.gauge("vistruct_gb28181_signalling", "1 while this node holds the GB/T 28181 signalling role (binds SIP)", () -> sip() == null ? 0 : 1);
                metrics.gauge("vistruct_gb28181_devices_online", "devices online", () -> sip() == null ? 0 : sip().devices().stream().filter(d -> d.view().online()).count());
                metrics.gauge("vistruct_gb28181_registrations_total", "accepted REGISTERs", () -> sip() == null ? 0 : sip().registrations.sum());
                metrics.gauge("vistruct_gb28181_keepalives_total", "keepalives received", () -> sip() == null ? 0 : sip().keepalives.sum());
                metrics.gauge("vistruct_gb28181_refused_total", "requests refused (auth, unknown device, bad body)", () -> sip() == null ? 0 : sip().refused.sum());
                metrics.gauge("vistruct_gb28181_malformed_total", "SIP messages that did not parse", () -> sip() == null ? 0 : sip().malformed());
            }
            java.util.function.Supplier<Map<String, Boolean>> gbOnline = () -> {
                Map<String, Boolean> m = new java.util.LinkedHashMap<>();
                Gb28181Service gb = sip();
                if (gb != null) for (var d : gb.devices()) m.put(d.id(), d.view().online());
                return m;
            };
            String[] address = {""}; // the server's public address, known once HTTP listens
            if (config.getBoolean("gat1400.enabled")) {
                this.viid = new org.vistruct.server.viid.ViidPlatform(new org.vistruct.server.viid.ViidPlatform.Parts(config, store, runtime.index(), runtime.pictures(),
                        sink, alerts, faces, gbOnline, heartbeat.nodeId()));
                viid.describe(metrics);
                routes.addAll(new org.vistruct.server.viid.ViidRoutes(viid, config.zone(), () -> address[0]).routes());
            }
            routes.addAll(new org.vistruct.server.analytics.AnalyticsRoutes(analytics, audit, config.zone()).routes());
            metrics.gauge("vistruct_analytics_clone_checks_total", "vehicle passes checked by the real-time cloned-plate check",
                    () -> an.watch() == null ? 0 : an.watch().checks());
            metrics.gauge("vistruct_analytics_clone_alarms_total", "cloned-plate suspects raised in real time", () -> an.watch() == null ? 0 : an.watch().alarms.sum());
            metrics.gauge("vistruct_analytics_places", "devices with a known position", () -> an.places().size());
            routes.addAll(new DeviceRoutes(this::sip, viid == null ? List::of : viid::devices, config.zone()).routes());
            routes.addAll(new SystemRoutes(this::health, metrics, tokens, config.getBoolean("http.metrics-public")).routes());
            OrphanSweep sweep = new OrphanSweep(runtime.index(), runtime.pictures(), this::isWatchPhoto);
            this.retention = new RetentionScheduler(runtime.retentionRun(), config.getInt("retention.interval-min") * 60_000L, sweep,
                    config.getInt("retention.sweep-interval-hours") * 3_600_000L);
            describeRetention(metrics, retention);
            RetentionRoutes retentionRoutes = new RetentionRoutes(runtime.retentionPolicy(), retention, runtime.evidence(), store.holds(), runtime.index(),
                    sweep, audit, config.zone());
            routes.addAll(retentionRoutes.routes());
            routes.addAll(new RecordRoutes(runtime.index(), audit, faces, alerts.log()::alertsOf, retentionRoutes::retentionOf, config.zone()).routes());
            routes.addAll(new WatchRoutes(alerts.watchList(), faces, runtime.pictures(), audit, config.zone()).routes());
            routes.addAll(new AlertRoutes(alerts, runtime.index(), audit, config.zone()).routes());
            routes.addAll(new PictureRoutes(runtime.pictures(), audit).routes());
            routes.addAll(new JobRoutes(jobs, data.resolve("uploads"), roots, config.zone(), config.getBoolean("jobs.keep-uploads"), runtime.disk()).routes());
            String backupDir = config.get("backup.dir");
            Path backups = backupDir.isBlank() ? data.resolve("backups") : Path.of(backupDir);
            RetentionScheduler retentionRef = retention;
            routes.addAll(new AdminRoutes(audit, (name, withPictures) -> {
                DataBackup.Manifest m = DataBackup.write(runtime, backups.resolve(name), withPictures, () -> {
                    AutoCloseable r = retentionRef.pause(), w = sink.pause();
                    return () -> {
                        w.close();
                        r.close();
                    };
                });
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                out.put("dir", backups.resolve(name).toString());
                out.put("records", m.records());
                out.put("pictures", m.pictures());
                out.put("pictureBytes", m.pictureBytes());
                out.put("picturesCopied", m.picturesCopied());
                out.put("rows", m.rows());
                return out;
            }, config.zone()).routes());
            routes.addAll(new TokenRoutes(tokens, audit, config.zone()).routes());
            routes.addAll(new org.vistruct.server.api.ClusterRoutes(heartbeat,
                    () -> live instanceof org.vistruct.server.live.ClusterStreams ? store.leases().holder(org.vistruct.server.live.ClusterStreams.ROLE)
                            : sip != null ? heartbeat.nodeId() : null).routes());
            long mb = 1024L * 1024;
            this.routes = List.copyOf(routes);
            java.util.Set<String> proxies = java.util.Arrays.stream(config.get("http.trusted-proxies").split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .collect(java.util.stream.Collectors.toSet());
            this.http = new HttpApiServer(bind, port, routes, tokens, audit, metrics, List.of(events, alertEvents), new HttpApiServer.Options(data.resolve("uploads"),
                    config.getInt("http.max-body-mb") * mb, config.getInt("http.max-upload-mb") * mb, config.getInt("http.threads"),
                    config.getInt("http.uploads-per-token"), proxies, runtime.disk()::low, config.getInt("gat1400.max-body-mb") * mb));
            String publicUrl = config.get("alerts.public-url");
            String url = publicUrl.isBlank() ? "http://" + reachableHost(bind) + ":" + http.port() : publicUrl;
            alerts.publicUrl(url);
            address[0] = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            if (viid != null) viid.publicUrl(address[0]);
            if (config.get("cluster.advertise-url").isBlank()) heartbeat.advertise(address[0]);
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (this.relay != null) this.relay.close();
            if (this.heartbeat != null) this.heartbeat.close();
            if (this.viid != null) this.viid.close();
            if (this.analytics != null) this.analytics.close();
            if (this.live != null) this.live.close();
            if (this.sip != null) this.sip.close();
            if (this.alerts != null) this.alerts.close();
            if (this.retention != null) this.retention.close();
            engine.close();
            runtime.close();
            throw e;
        }
    }

    /** The watch lists, alert log, subscribers and webhook outbox (metadata database), with their metrics. */
    private static AlertService alertService(MetadataStore store, Path data, VistructConfig config, Metrics metrics) throws IOException {
        AlertService a = new AlertService(store, data.resolve("alerts").resolve("faces-index"), config.zone(), config.webhookSettings(), (subscriber, alert, attempts) -> {
            metrics.increment("vistruct_webhook_deliveries_total", 1);
            metrics.observeSeconds("vistruct_alert_delivery_seconds", (System.currentTimeMillis() - alert.triggerTime()) / 1000.0);
        });
        metrics.describe("vistruct_webhook_deliveries_total", "alerts acknowledged (2xx) by webhook subscribers");
        metrics.describe("vistruct_alert_delivery_seconds", "from an alert being raised to its acknowledgement by a webhook subscriber (retries and restarts included)");
        metrics.gauge("vistruct_alerts_raised_total", "alerts raised (watch-list matches)", a.raised::sum);
        metrics.gauge("vistruct_alerts_failed_total", "matches that could not be made into alerts (see the log)", a.failed::sum);
        metrics.gauge("vistruct_webhook_failures_total", "webhook attempts that failed (to be retried)", a.deliverer().failures::sum);
        metrics.gauge("vistruct_watchlist_entries", "watch-list entries", () -> a.watchList().size());
        metrics.gauge("vistruct_webhook_pending", "alerts waiting in the outbox for their subscribers", () -> {
            try {
                return store.outbox().countAll();
            } catch (IOException e) {
                return -1;
            }
        });
        return a;
    }

    /**
     * The state of every part an operator must know about: 200 while searches can be answered, with
     * "degraded" and the reasons when ingest waits (object store away, disk below its reserve, index
     * writer recovering).
     */
    private Map<String, Object> health() throws IOException {
        Map<String, Object> h = new java.util.LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        h.put("records", runtime.index().count());
        Map<String, Object> index = new java.util.LinkedHashMap<>();
        index.put("healthy", runtime.index().healthy());
        index.put("journalEntriesReplayed", runtime.index().replayed());
        String indexFailure = runtime.index().failure();
        if (indexFailure != null) problems.add(indexFailure);
        h.put("index", index);
        Map<String, Object> store = new java.util.LinkedHashMap<>();
        store.put("available", runtime.pictures().available());
        if (runtime.pictures().lastError() != null) {
            store.put("error", runtime.pictures().lastError());
            problems.add("object store: " + runtime.pictures().lastError());
        }
        h.put("objectStore", store);
        Map<String, Object> spool = new java.util.LinkedHashMap<>();
        int pending = runtime.spool().size();
        spool.put("pending", pending);
        if (runtime.spoolError() != null) spool.put("error", runtime.spoolError());
        if (pending > 0) problems.add(pending + " records wait in the spool for the object store");
        h.put("spool", spool);
        Map<String, Object> disk = new java.util.LinkedHashMap<>();
        boolean low = runtime.disk().low();
        disk.put("freeMb", runtime.disk().freeBytes() >> 20);
        disk.put("reserveMb", runtime.disk().reserveBytes() >> 20);
        disk.put("ingestPaused", low);
        if (low) problems.add("disk below its reserve: ingest paused");
        h.put("disk", disk);
        h.put("status", problems.isEmpty() ? "ok" : "degraded");
        if (!problems.isEmpty()) h.put("problems", problems);
        return h;
    }

    /** Watch-list photos belong to their entries, not to records: never orphans while the entry exists. */
    private boolean isWatchPhoto(String key) {
        if (!key.startsWith("watchlist/")) return false;
        for (var e : alerts.watchList().all()) if (key.equals(e.photoKey())) return true;
        return false;
    }

    private static void describeRetention(Metrics metrics, RetentionScheduler r) {
        metrics.gauge("vistruct_retention_records_expired_total", "records removed by retention", r.recordsExpired::sum);
        metrics.gauge("vistruct_retention_scenes_expired_total", "scene pictures removed by retention (their records stay)", r.scenesExpired::sum);
        metrics.gauge("vistruct_retention_pictures_deleted_total", "pictures deleted by retention", r.picturesDeleted::sum);
        metrics.gauge("vistruct_retention_failures_total", "retention runs that failed", r.failures::sum);
        metrics.gauge("vistruct_orphans_deleted_total", "pictures without a record removed by the periodic sweep", r.orphansDeleted::sum);
        metrics.gauge("vistruct_retention_last_run_seconds", "when retention last ran (Unix time)", () -> r.lastRunAt() / 1000.0);
    }

    /** The host subscribers use to reach this server when alerts.public-url is not set. */
    private static String reachableHost(String bind) {
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) return bind.contains(":") ? "[" + bind + "]" : bind;
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    private void describe(Metrics metrics, EventStream events) {
        metrics.describe("vistruct_records_written_total", "final records stored and indexed (spooled ones once the spool drains), by type");
        metrics.describe("vistruct_records_spooled_total", "final records spooled to disk while the object store was away, by type");
        metrics.gauge("vistruct_spool_drained_total", "spooled records stored since start", runtime.spool().replayed::sum);
        metrics.gauge("vistruct_spool_superseded_total", "spooled records dropped because a newer version had been indexed since", runtime.spool().superseded::sum);
        metrics.gauge("vistruct_spool_drain_failures_total", "attempts to drain the spool that failed (the store still away)", runtime.keeper().drainFailures::sum);
        metrics.gauge("vistruct_object_store_available", "1 when the object store answered its last call", () -> runtime.pictures().available() ? 1 : 0);
        metrics.gauge("vistruct_disk_free_bytes", "free space on the data directory's disk", () -> runtime.disk().freeBytes());
        metrics.gauge("vistruct_ingest_paused", "1 while the disk is below its reserve and ingest waits", () -> runtime.disk().low() ? 1 : 0);
        metrics.gauge("vistruct_index_healthy", "1 while the index (or the search cluster) takes writes", () -> runtime.index().healthy() ? 1 : 0);
        metrics.gauge("vistruct_index_recoveries_total", "times the index writer was reopened after it died (a full disk)", runtime.keeper().recoveries::sum);
        metrics.describe("vistruct_frames_analysed_total", "frames analysed by jobs");
        metrics.describe("vistruct_frames_decoded_total", "frames decoded by jobs");
        metrics.describe("vistruct_http_request_seconds", "HTTP request latency by route");
        metrics.gauge("vistruct_live_subscribers", "browsers following new records", events::subscribers);
        metrics.gauge("vistruct_spooled_records", "records waiting on disk for the object store", () -> {
            try {
                return runtime.spool().size();
            } catch (IOException e) {
                return -1;
            }
        });
        for (String model : org.vistruct.analyzer.model.ModelManifest.DEFAULT_SET) {
            metrics.gauge("vistruct_inference_seconds_total{model=\"" + model + "\"}", "time inside ONNX Runtime by model",
                    () -> OnnxModel.totalsByModel().getOrDefault(model, new double[2])[0]);
            metrics.gauge("vistruct_inference_runs_total{model=\"" + model + "\"}", "model runs",
                    () -> OnnxModel.totalsByModel().getOrDefault(model, new double[2])[1]);
        }
    }

    public int port() { return http.port(); }

    /** The data directory this server has open. */
    VistructRuntime runtime() { return runtime; }

    /** Every endpoint served (the OpenAPI document is checked against them). */
    List<Route> routes() { return routes; }

    /** The SIP port (UDP and TCP), or -1 when GB/T 28181 is off. */
    public int sipPort() { return sip() == null ? -1 : sip().port(); }

    /** The SIP service: this node's, or in a cluster while this node holds the signalling role; else null. */
    private Gb28181Service sip() {
        if (sip != null) return sip;
        return live instanceof org.vistruct.server.live.ClusterStreams cs ? cs.sip() : null;
    }

    static Gb28181Settings gb28181(VistructConfig c) {
        return new Gb28181Settings(c.get("gb28181.bind"), c.getInt("gb28181.port"), c.get("gb28181.server-id"), c.get("gb28181.domain"),
                c.get("gb28181.password"), pairs(c.get("gb28181.passwords"), "gb28181.passwords"), c.getBoolean("gb28181.allow-unknown"),
                c.getInt("gb28181.keepalive-timeout-s") * 1000L, c.getInt("gb28181.max-expires-s"), pairs(c.get("gb28181.charsets"), "gb28181.charsets"), c.zone());
    }

    /** "a=1,b=2" as a map; a malformed pair is an error naming the key. */
    static java.util.Map<String, String> pairs(String value, String key) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException(key + ": '" + pair.trim() + "' is not id=value");
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    /** The admin token made on the first start (no token existed), to be shown once; else null. */
    public String firstAdminToken() { return firstAdminToken; }

    /** The write path, for tests that write records as the analysis would. */
    RecordSink sink() { return runtime.sink(); }

    @Override
    public void close() throws IOException {
        if (relay != null) relay.close();
        heartbeat.close();
        http.close();
        if (live != null) live.close();
        if (sip != null) sip.close();
        if (mediaLoop != null) mediaLoop.shutdownGracefully();
        jobs.close();
        if (viid != null) viid.close();
        if (analytics != null) analytics.close();
        if (retention != null) retention.close();
        alerts.close();
        faces.close();
        engine.close(); // after every stream and job that used it
        runtime.close();
    }
}
