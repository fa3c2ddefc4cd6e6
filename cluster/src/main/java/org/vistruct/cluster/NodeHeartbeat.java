package org.vistruct.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.vistruct.metadata.NodeTable;

/**
 * This node's heartbeat in the shared database (every period: its URL, jobs, streams and CPU load)
 * and the cluster as the heartbeats tell it: a node is alive while its last beat is younger than
 * {@code deadAfterMs}. Work held by a node that is not alive may be taken over (see JobTable.claim).
 * A database that does not answer is logged and counted; the beat resumes when it answers again.
 */
public final class NodeHeartbeat implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeHeartbeat.class);

    /** A node as the cluster sees it now. */
    public record NodeState(String nodeId, String httpUrl, long started, long heartbeat, boolean alive, boolean self, int jobs, int streams, double load) {}

    private final NodeTable table;
    private final String nodeId;
    private volatile String httpUrl;
    private final long periodMs, deadAfterMs, started = System.currentTimeMillis();
    private final IntSupplier jobs, streams;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeat").daemon().factory());
    private final List<Runnable> afterBeat = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final LongAdder beats = new LongAdder(), failures = new LongAdder();
    private volatile String lastFailure;
    private volatile int alive, dead;
    private volatile java.util.function.LongSupplier feedMark = () -> 0;
    private volatile long othersFeedFloor = Long.MAX_VALUE;

    public NodeHeartbeat(NodeTable table, String nodeId, String httpUrl, long periodMs, long deadAfterMs, IntSupplier jobs, IntSupplier streams) {
        if (periodMs < 100 || deadAfterMs < 3 * periodMs) throw new IllegalArgumentException("cluster.dead-after-ms must be at least 3 heartbeats");
        this.table = table;
        this.nodeId = nodeId;
        this.httpUrl = httpUrl;
        this.periodMs = periodMs;
        this.deadAfterMs = deadAfterMs;
        this.jobs = jobs;
        this.streams = streams;
    }

    /** Beats once now (so the node is known before it takes any work), then every period. */
    public NodeHeartbeat start() {
        beat();
        timer.scheduleWithFixedDelay(this::beatAndRun, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Runs after every beat on the heartbeat's thread (taking over the work of dead nodes). */
    public void afterEachBeat(Runnable r) { afterBeat.add(r); }

    private void beatAndRun() {
        beat();
        for (Runnable r : afterBeat) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("after heartbeat: {}", e.toString());
            }
        }
    }

    private void beat() {
        try {
            table.beat(new NodeTable.NodeRow(nodeId, httpUrl, started, System.currentTimeMillis(), jobs.getAsInt(), streams.getAsInt(), load(),
                    feedMark.getAsLong()));
            beats.increment();
            long since = aliveSince();
            int a = 0, d = 0;
            long floor = Long.MAX_VALUE;
            for (NodeTable.NodeRow r : table.all()) {
                if (r.heartbeat() >= since) {
                    a++;
                    if (!r.nodeId().equals(nodeId) && r.feedMark() > 0) floor = Math.min(floor, r.feedMark());
                } else {
                    d++;
                }
            }
            alive = a;
            dead = d;
            othersFeedFloor = floor;
            if (lastFailure != null) log.warn("node {}: heartbeat written again", nodeId);
            lastFailure = null;
        } catch (IOException | RuntimeException e) {
            failures.increment();
            if (lastFailure == null) log.error("node {}: heartbeat not written ({}); other nodes will take this node for dead if it lasts", nodeId, e.getMessage());
            lastFailure = e.getMessage();
        }
    }

    /** The CPU this process used lately, 0-1 of the machine. */
    private static double load() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double l = os.getProcessCpuLoad();
            return l < 0 ? 0 : Math.round(l * 1000) / 1000.0;
        }
        return 0;
    }

    /** The URL other nodes and users reach this node at, once it is known (the HTTP port may be chosen at start). */
    public void advertise(String url) { this.httpUrl = url; }

    /** Beats newer than this are from live nodes. */
    public long aliveSince() { return System.currentTimeMillis() - deadAfterMs; }

    public String nodeId() { return nodeId; }

    /** Every node that has beaten, alive or not, this one first. */
    public List<NodeState> nodes() throws IOException {
        long since = aliveSince();
        List<NodeState> out = new ArrayList<>();
        for (NodeTable.NodeRow r : table.all()) {
            NodeState s = new NodeState(r.nodeId(), r.httpUrl(), r.started(), r.heartbeat(), r.heartbeat() >= since, r.nodeId().equals(nodeId), r.jobs(),
                    r.streams(), r.load());
            if (s.self()) out.addFirst(s);
            else out.add(s);
        }
        return out;
    }

    /**
     * What this node publishes as its feed mark: the feed position through which all its writes are
     * visible (a shared record store's), so that feed readers on every node stay below it.
     */
    public void feedMark(java.util.function.LongSupplier mark) { this.feedMark = mark; }

    /**
     * The lowest feed mark of the other live nodes at the last beat (Long.MAX_VALUE when none
     * publishes one): a reader of the shared feed reads no further, or it could pass a record another
     * node is still writing. A dead node's mark no longer holds readers back.
     */
    public long othersFeedFloor() { return othersFeedFloor; }

    /** Nodes alive and dead at the last beat (for metrics, without reading the database at each scrape). */
    public int alive() { return alive; }

    public int dead() { return dead; }

    /** Why the last beat failed, or null. */
    public String lastFailure() { return lastFailure; }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
