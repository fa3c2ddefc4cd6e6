package org.vistruct.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.metadata.JobTable;
import org.vistruct.server.http.Metrics;

/**
 * Analysis jobs of the server: at most {@code concurrency} run at once (each worker keeps its own
 * loaded models, which are not thread-safe), at most {@code maxQueued} wait; each reports its
 * progress and can be cancelled. Jobs are rows of the metadata database (state, progress and the
 * last checkpoint at most every 2 s, the end), so their ids are never reused and finished jobs are
 * listed after a restart. A job a restart interrupted resumes from its last checkpoint (a moment
 * when no object was being followed): the same frames are analysed again with the same record ids,
 * and what was already written in final form is kept as it was; a job whose input is gone is
 * marked failed with the reason.
 */
public final class JobQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** One job and its progress, as the API shows it. */
    public static final class Job {
        public final String id, name, deviceId;
        final List<String> inputs;
        final Long startWallMs;
        final Path cleanup;
        public final long created;
        /** The job's own record ids (salted by its id), so a resumed run names the same objects alike. */
        final org.vistruct.core.RecordIds ids;
        volatile FileAnalysis.Checkpoint checkpoint;
        /** Where this run started from (null for a first run). */
        final FileAnalysis.Checkpoint resumedFrom;
        final int resumes;
        volatile State state = State.QUEUED;
        volatile long started, finished, positionMs, durationMs, framesAnalysed, records;
        volatile String error;
        volatile List<String> warnings = List.of();
        volatile FileAnalysis analysis;
        volatile boolean cancelRequested;
        /** The node running it (shown in the API). */
        volatile String node;

        volatile long lastSaved;
        /** Another node runs it now: this run ends without writing its end. */
        volatile boolean lostClaim;

        Job(String id, String name, String deviceId, List<String> inputs, Long startWallMs, Path cleanup, java.time.ZoneId zone) {
            this(id, name, deviceId, inputs, startWallMs, cleanup, System.currentTimeMillis(), null, 0, zone);
        }

        Job(String id, String name, String deviceId, List<String> inputs, Long startWallMs, Path cleanup, long created, FileAnalysis.Checkpoint resumedFrom,
            int resumes, java.time.ZoneId zone) {
            this.created = created;
            this.resumedFrom = resumedFrom;
            this.checkpoint = resumedFrom;
            this.resumes = resumes;
            this.ids = new org.vistruct.core.RecordIds(zone, id.hashCode(), resumedFrom == null ? 0 : resumedFrom.idSequence());
            this.id = id;
            this.name = name;
            this.deviceId = deviceId;
            this.inputs = inputs;
            this.startWallMs = startWallMs;
            this.cleanup = cleanup;
        }

        public State state() { return state; }

        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", name);
            m.put("deviceId", deviceId);
            m.put("state", state.name().toLowerCase());
            m.put("positionMs", positionMs);
            m.put("durationMs", durationMs);
            m.put("progress", durationMs > 0 ? Math.min(1.0, (double) positionMs / durationMs) : state == State.DONE ? 1.0 : 0.0);
            m.put("framesAnalysed", framesAnalysed);
            long runMs = (finished > 0 ? finished : System.currentTimeMillis()) - started;
            m.put("framesPerSecond", started > 0 && runMs > 0 ? Math.round(framesAnalysed * 10000.0 / runMs) / 10.0 : 0.0);
            m.put("records", records);
            m.put("created", created);
            if (started > 0) m.put("started", started);
            if (finished > 0) m.put("finished", finished);
            if (error != null) m.put("error", error);
            if (!warnings.isEmpty()) m.put("warnings", warnings);
            if (resumes > 0) {
                m.put("resumes", resumes);
                m.put("resumedFrom", Map.of("source", resumedFrom.source(), "offsetMs", resumedFrom.offsetMs()));
            }
            if (node != null) m.put("node", node);
            return m;
        }

        /** The row: the view, plus what a later version needs to resume it (keys starting with _ are not shown). */
        JobTable.JobRow row() {
            Map<String, Object> body = view();
            body.put("_inputs", inputs);
            body.put("_startWallMs", startWallMs);
            body.put("_cleanup", cleanup == null ? null : cleanup.toString());
            FileAnalysis.Checkpoint c = checkpoint;
            if (c != null) body.put("_checkpoint", Map.of("source", c.source(), "offsetMs", c.offsetMs(), "idSequence", c.idSequence()));
            body.put("_resumes", resumes);
            String json;
            try {
                json = JSON.writeValueAsString(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return new JobTable.JobRow(id, name, deviceId, state.name(), created, started > 0 ? started : null, finished > 0 ? finished : null, error, json);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ThreadPoolExecutor workers;
    private final ThreadLocal<AnalysisModels> models = new ThreadLocal<>();
    private final List<AnalysisModels> loaded = Collections.synchronizedList(new ArrayList<>());
    private final Supplier<AnalysisModels> loadModels;
    private final AnalyzerSettings settings;
    private final DecodeOptions decodeOptions;
    private final boolean realtime;
    private final RecordSink sink;
    private final Metrics metrics;
    private final int maxQueued;
    /** Jobs of this process (queued, running, or ended since start); older ones are read from the table. */
    private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final JobTable table;

    public JobQueue(int concurrency, int maxQueued, Supplier<AnalysisModels> loadModels, AnalyzerSettings settings,
                    DecodeOptions decodeOptions, boolean realtime, RecordSink sink, Metrics metrics, JobTable table, java.time.ZoneId zone,
                    String nodeId, java.util.function.LongSupplier aliveSince) throws java.io.IOException {
        this.table = table;
        this.nodeId = nodeId;
        this.aliveSince = aliveSince;
        this.realtime = realtime;
        if (concurrency < 1 || concurrency > 64) throw new IllegalArgumentException("jobs.concurrency must be 1-64");
        this.workers = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("job-", 1).factory());
        this.maxQueued = maxQueued;
        this.loadModels = loadModels;
        this.settings = settings;
        this.decodeOptions = decodeOptions;
        this.sink = sink;
        this.metrics = metrics;
        metrics.gauge("vistruct_jobs_queued", "analysis jobs waiting", () -> count(State.QUEUED));
        metrics.gauge("vistruct_jobs_running", "analysis jobs running", () -> count(State.RUNNING));
        this.zone = zone;
        adoptOrphans();
    }

    private final java.time.ZoneId zone;
    /** This node, and since when other nodes' heartbeats count as alive (their jobs are theirs). */
    private final String nodeId;
    private final java.util.function.LongSupplier aliveSince;

    /**
     * Takes the queued or running jobs nobody runs: this node's own after a restart, and those of
     * nodes whose heartbeat stopped (claimed in the database, so only one node takes each), and
     * resumes each from its last checkpoint. Run at start and after every heartbeat.
     */
    public synchronized int adoptOrphans() {
        int n = 0;
        try {
            for (JobTable.JobRow r : table.inState(State.QUEUED.name(), State.RUNNING.name())) {
                Job mine = jobs.get(r.id());
                if (mine != null && mine.state != State.DONE && mine.state != State.FAILED && mine.state != State.CANCELLED) continue;
                if (!table.claim(r.id(), nodeId, aliveSince.getAsLong())) continue;
                if (r.claimedBy() != null && !r.claimedBy().equals(nodeId)) {
                    log.warn("job {} ({}): node {} stopped beating; node {} takes it over", r.id(), r.name(), r.claimedBy(), nodeId);
                    metrics.increment("vistruct_jobs_taken_over_total", 1);
                }
                resume(r);
                n++;
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("looking for jobs to take over: {}", e.getMessage());
        }
        return n;
    }

    /** A job a restart interrupted: queued again from its last checkpoint, or failed with the reason when its input is gone. */
    @SuppressWarnings("unchecked")
    private void resume(JobTable.JobRow r) throws java.io.IOException {
        Map<String, Object> body = JSON.readValue(r.body(), LinkedHashMap.class);
        List<String> inputs = (List<String>) body.getOrDefault("_inputs", List.of());
        String missing = inputs.stream().filter(i -> !i.contains("://") && !Files.exists(Path.of(i))).findFirst().orElse(null);
        if (missing != null || inputs.isEmpty()) {
            String why = "interrupted: vistruct stopped while the job was " + r.state().toLowerCase() + ", and its input "
                    + (missing == null ? "list" : missing) + " is gone; records written before are kept";
            table.saveClaimed(new JobTable.JobRow(r.id(), r.name(), r.deviceId(), State.FAILED.name(), r.created(), r.started(), System.currentTimeMillis(), why, r.body()), nodeId);
            log.warn("job {} ({}): {}", r.id(), r.name(), why);
            return;
        }
        Map<String, Object> cp = (Map<String, Object>) body.get("_checkpoint");
        FileAnalysis.Checkpoint from = cp == null ? new FileAnalysis.Checkpoint(0, 0, 0)
                : new FileAnalysis.Checkpoint(((Number) cp.get("source")).intValue(), ((Number) cp.get("offsetMs")).longValue(), ((Number) cp.get("idSequence")).intValue());
        Object start = body.get("_startWallMs"), cleanup = body.get("_cleanup");
        int resumes = ((Number) body.getOrDefault("_resumes", 0)).intValue() + 1;
        Job job = new Job(r.id(), r.name(), r.deviceId(), inputs, start == null ? null : ((Number) start).longValue(), cleanup == null ? null : Path.of((String) cleanup),
                r.created(), from, resumes, zone);
        table.saveClaimed(job.row(), nodeId);
        job.node = nodeId;
        jobs.put(job.id, job);
        workers.execute(() -> run(job));
        log.warn("job {} ({}): interrupted by a restart, resumed (time {}) from source {} at {} ms", job.id, job.name, resumes, from.source(), from.offsetMs());
    }

    /**
     * Writes a job's row; a failure to do so is logged, never stops the analysis. A row another node
     * has taken over (this one was taken for dead) stops the job here: only one node runs a job.
     */
    private void save(Job job) {
        try {
            if (!table.saveClaimed(job.row(), nodeId)) {
                if (!job.cancelRequested) log.warn("job {}: another node took it over while this node was taken for dead; stopping it here", job.id);
                job.lostClaim = true;
                cancel(job.id);
                return;
            }
            job.lastSaved = System.currentTimeMillis();
        } catch (java.io.IOException | RuntimeException e) {
            log.error("job {}: state not saved: {}", job.id, e.getMessage());
        }
    }

    /**
     * Queues a job over files or URLs; the folder {@code cleanup} (an upload) is deleted when it ends.
     *
     * @throws IllegalStateException when {@code maxQueued} jobs already wait
     */
    public Job submit(String name, List<String> inputs, String deviceId, Long startWallMs, Path cleanup) throws java.io.IOException {
        if (count(State.QUEUED) >= maxQueued) throw new IllegalStateException("the job queue is full (" + maxQueued + " waiting)");
        Job job = new Job(table.nextId(), name, deviceId, List.copyOf(inputs), startWallMs, cleanup, zone);
        table.saveClaimed(job.row(), nodeId);
        job.node = nodeId;
        jobs.put(job.id, job);
        workers.execute(() -> run(job));
        return job;
    }

    private void run(Job job) {
        if (job.cancelRequested) {
            finish(job, State.CANCELLED, null);
            return;
        }
        job.state = State.RUNNING;
        job.started = System.currentTimeMillis();
        save(job);
        try {
            AnalysisModels m = models.get();
            if (m == null) {
                m = loadModels.get();
                models.set(m);
                loaded.add(m);
            }
            FileAnalysis analysis = new FileAnalysis(m, settings, decodeOptions, sink).realtime(realtime).ids(job.ids);
            if (job.resumedFrom != null) analysis.resumeFrom(job.resumedFrom);
            job.analysis = analysis;
            long before = sink.written();
            FileAnalysis.Summary s = analysis.run(job.inputs, job.deviceId, job.startWallMs, new FileAnalysis.Progress() {
                private long lastFrames;

                @Override
                public void started(String source, long durationMs) {
                    job.durationMs = durationMs;
                    lastFrames = 0;
                }

                @Override
                public void advanced(long positionMs, long framesAnalysed, long records) {
                    job.positionMs = positionMs;
                    job.framesAnalysed += framesAnalysed - lastFrames;
                    metrics.increment("vistruct_frames_analysed_total", framesAnalysed - lastFrames);
                    lastFrames = framesAnalysed;
                    job.records = sink.written() - before;
                    if (System.currentTimeMillis() - job.lastSaved >= 2000) save(job);
                }

                @Override
                public void finished(String source) {}

                @Override
                public void checkpoint(FileAnalysis.Checkpoint c) {
                    job.checkpoint = c;
                    if (System.currentTimeMillis() - job.lastSaved >= 1000) save(job);
                }
            });
            metrics.increment("vistruct_frames_decoded_total", s.framesDecoded());
            job.records = s.recordsWritten();
            job.warnings = s.warnings();
            if (job.cancelRequested) finish(job, State.CANCELLED, null);
            else finish(job, s.failures().isEmpty() ? State.DONE : State.FAILED, s.failures().isEmpty() ? null : String.join("; ", s.failures()));
        } catch (RuntimeException e) {
            log.warn("job {} failed", job.id, e);
            finish(job, State.FAILED, e.getMessage());
        }
    }

    private void finish(Job job, State state, String error) {
        if (job.lostClaim) {
            job.state = State.CANCELLED;
            return; // the node that took it over writes its end
        }
        job.state = state;
        job.error = error;
        job.finished = System.currentTimeMillis();
        save(job);
        metrics.increment("vistruct_jobs_finished_total{state=\"" + state.name().toLowerCase() + "\"}", 1);
        if (job.cleanup != null) deleteTree(job.cleanup);
    }

    public boolean cancel(String id) {
        Job job = jobs.get(id);
        if (job == null) return false;
        job.cancelRequested = true;
        FileAnalysis a = job.analysis;
        if (a != null) a.cancel();
        return true;
    }

    /** A job's view (live when it belongs to this process), or null when there is none. */
    public Map<String, Object> view(String id) throws java.io.IOException {
        Job live = jobs.get(id);
        if (live != null) return live.view();
        JobTable.JobRow row = table.get(id);
        return row == null ? null : viewOf(row);
    }

    /** The newest jobs, at most limit, newest first. */
    public List<Map<String, Object>> list(int limit) throws java.io.IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JobTable.JobRow row : table.recent(limit)) {
            Job live = jobs.get(row.id());
            out.add(live != null ? live.view() : viewOf(row));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> viewOf(JobTable.JobRow row) throws java.io.IOException {
        Map<String, Object> m = JSON.readValue(row.body(), LinkedHashMap.class);
        m.keySet().removeIf(k -> k.startsWith("_"));
        m.put("state", row.state().toLowerCase());
        if (row.claimedBy() != null) m.put("node", row.claimedBy());
        if (row.error() != null) m.put("error", row.error());
        if (row.finished() != null) m.put("finished", row.finished());
        return m;
    }

    /** Jobs running on this node now. */
    public int running() { return (int) count(State.RUNNING); }

    private double count(State s) {
        synchronized (jobs) {
            return jobs.values().stream().filter(j -> j.state == s).count();
        }
    }

    private static void deleteTree(Path p) {
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (java.io.IOException e) {
            log.warn("cannot delete {}: {}", p, e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (jobs) {
            jobs.values().forEach(j -> cancel(j.id));
        }
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loaded.forEach(AnalysisModels::close);
    }
}
