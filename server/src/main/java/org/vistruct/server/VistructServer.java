package org.vistruct.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.server.api.AdminRoutes;
import org.vistruct.server.api.JobRoutes;
import org.vistruct.server.api.PictureRoutes;
import org.vistruct.server.api.RecordRoutes;
import org.vistruct.server.api.SystemRoutes;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.HttpApiServer;
import org.vistruct.server.http.Metrics;
import org.vistruct.server.http.RecordEvents;
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
    private final JobQueue jobs;
    private final QueryFaceEncoder faces;
    private final HttpApiServer http;
    private final String firstAdminToken;

    public VistructServer(Path data, VistructConfig config, String bind, int port) throws IOException, InterruptedException {
        this.runtime = new VistructRuntime(data, config);
        try {
            String tokensFile = config.get("auth.tokens-file");
            TokenStore tokens = new TokenStore(tokensFile.isBlank() ? data.resolve("tokens.json") : Path.of(tokensFile));
            this.firstAdminToken = tokens.isEmpty() ? tokens.create("admin", Role.ADMIN) : null;
            this.audit = new AuditLog(data.resolve("audit.log"));
            Metrics metrics = new Metrics();
            RecordEvents events = new RecordEvents();
            RecordSink sink = new RecordSink(runtime.pictures(), runtime.index(), runtime.spool(), config.zone(), config.getInt("index.commit-interval-ms"));
            sink.onWritten(r -> {
                metrics.increment("vistruct_records_written_total{type=\"" + r.type().name() + "\"}", 1);
                events.publish(RecordJson.of(r, config.zone()).put("Type", r.type().name()).toString());
            });
            describe(metrics, events);
            this.jobs = new JobQueue(config.getInt("jobs.concurrency"), config.getInt("jobs.max-queued"),
                    () -> new AnalysisModels(runtime.modelFiles(), config.inferenceOptions(), config.analyzerSettings()),
                    config.analyzerSettings(), config.decodeOptions(), sink, metrics);
            this.faces = new QueryFaceEncoder(runtime.modelFiles(), config.inferenceOptions(), config.analyzerSettings());
            List<Path> roots = Arrays.stream(config.get("jobs.path-roots").split(",")).filter(s -> !s.isBlank()).map(s -> Path.of(s.trim())).toList();
            List<Route> routes = new ArrayList<>();
            routes.addAll(new SystemRoutes(runtime.index(), metrics, tokens, config.getBoolean("http.metrics-public")).routes());
            routes.addAll(new RecordRoutes(runtime.index(), audit, faces, config.zone()).routes());
            routes.addAll(new PictureRoutes(runtime.pictures(), audit).routes());
            routes.addAll(new JobRoutes(jobs, data.resolve("uploads"), roots, config.zone(), config.getBoolean("jobs.keep-uploads")).routes());
            routes.addAll(new AdminRoutes(audit, config.zone()).routes());
            long mb = 1024L * 1024;
            this.http = new HttpApiServer(bind, port, routes, tokens, audit, metrics, events, data.resolve("uploads"),
                    config.getInt("http.max-body-mb") * mb, config.getInt("http.max-upload-mb") * mb, config.getInt("http.threads"));
        } catch (IOException | RuntimeException | InterruptedException e) {
            runtime.close();
            throw e;
        }
    }

    private void describe(Metrics metrics, RecordEvents events) {
        metrics.describe("vistruct_records_written_total", "records stored and indexed, by type");
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

    /** The admin token made on the first start (no token existed), to be shown once; else null. */
    public String firstAdminToken() { return firstAdminToken; }

    @Override
    public void close() throws IOException {
        http.close();
        jobs.close();
        faces.close();
        audit.close();
        runtime.close();
    }
}
