package org.vistruct.gat1400.cascade;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.RecordFeed;
import org.vistruct.gat1400.ResponseStatus;
import org.vistruct.gat1400.ViidStatus;
import org.vistruct.gat1400.ViidStore;
import org.vistruct.gat1400.client.ViidClient;
import org.vistruct.gat1400.objects.ObjectKind;
import org.vistruct.gat1400.objects.ObjectWriter;
import org.vistruct.gat1400.subscribe.Backoff;
import org.vistruct.gat1400.subscribe.FeedLane;

/**
 * The link to one upper platform: registers with digest, keeps alive, registers again with backoff
 * when a keepalive or push is refused or the platform is away, and pushes the selected records with
 * their pictures, batched, from its persisted position in the record feed (pushes wait while the
 * link is not registered).
 */
public final class UpperLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpperLink.class);
    private static final int BATCH = 50;
    private final UpperPlatform upper;
    private final ViidClient client;
    private final ObjectWriter writer;
    private final Backoff backoff;
    private final FeedLane lane;
    private final Thread control;
    private volatile boolean registered, stopped;
    private volatile long lastKeepalive, registeredSince;
    private volatile String lastError;
    private volatile int failures;
    public final LongAdder registrations = new LongAdder(), rejected = new LongAdder();

    public UpperLink(UpperPlatform upper, ViidClient client, RecordFeed feed, ViidStore store, ObjectWriter writer, Backoff backoff) throws IOException {
        this.upper = upper;
        this.client = client;
        this.writer = writer;
        this.backoff = backoff;
        this.lane = new FeedLane("upper:" + upper.id(), upper.address(), feed, new RecordFeed.Filter(upper.types(), upper.devices(), null, null), store,
                this::push, () -> registered, backoff, BATCH, 0, feed.head());
        this.control = Thread.ofVirtual().name("viid-upper-" + upper.id()).start(this::run);
    }

    public UpperPlatform platform() { return upper; }

    /** Whether the upper platform accepts us now (a call from it may be trusted). */
    public boolean registered() { return registered; }

    public void wake() { lane.wake(); }

    /** Registration and keepalives: register until accepted (backoff), then keep alive; a refused keepalive means register again. */
    private void run() {
        while (!stopped) {
            try {
                if (!registered) {
                    String error = client.register(upper.address(), upper.password());
                    if (error == null) {
                        registered = true;
                        registeredSince = lastKeepalive = System.currentTimeMillis();
                        registrations.increment();
                        failures = 0;
                        lastError = null;
                        log.info("registered with upper GA/T 1400 platform {} at {}", upper.id(), upper.address());
                        lane.wake();
                        continue;
                    }
                    fail("register: " + error);
                    Thread.sleep(backoff.delay(failures));
                    continue;
                }
                Thread.sleep(upper.keepaliveMs());
                String error = client.keepalive(upper.address());
                if (error == null) lastKeepalive = System.currentTimeMillis();
                else {
                    registered = false;
                    fail("keepalive: " + error);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("link to upper platform {} failed; it goes on", upper.id(), e);
                registered = false;
            }
        }
    }

    private void fail(String error) {
        failures++;
        lastError = error;
        if (failures == 1 || failures % 10 == 0) log.warn("upper GA/T 1400 platform {} ({}): {} (failure {})", upper.id(), upper.address(), error, failures);
    }

    /** Pushes one batch, one request per object kind; null when every object was taken or refused for good. */
    private String push(long first, List<StructuredRecord> batch) throws InterruptedException {
        Map<ObjectKind, List<ObjectNode>> byKind = new EnumMap<>(ObjectKind.class);
        try {
            for (StructuredRecord r : batch) byKind.computeIfAbsent(ObjectKind.of(r.type()), k -> new ArrayList<>()).add(writer.object(r, null, true));
        } catch (IOException e) {
            return "cannot read pictures: " + e.getMessage();
        }
        for (var e : byKind.entrySet()) {
            ViidClient.Reply reply = client.post(upper.address() + "/VIID/" + e.getKey().resource(), ObjectWriter.list(e.getKey(), e.getValue()));
            if (reply.httpStatus() == 401) {
                registered = false; // it forgot us (a restart): register again, then this batch goes again
                return "not registered there: " + reply.problem();
            }
            if (reply.error() != null || reply.httpStatus() / 100 != 2) return reply.problem();
            for (ResponseStatus s : reply.statuses()) {
                if (s.isOk()) continue;
                if (retryable(s.status())) return "object " + s.id() + ": StatusCode " + s.status().code() + " " + s.statusString();
                rejected.increment();
                log.warn("upper platform {} refused {} {} for good: {}", upper.id(), e.getKey().objectName(), s.id(), s.statusString());
            }
        }
        return null;
    }

    /** Busy, device error, other error, reboot: worth sending again; anything about the content is not. */
    private static boolean retryable(ViidStatus s) {
        return s == ViidStatus.DEVICE_BUSY || s == ViidStatus.DEVICE_ERROR || s == ViidStatus.OTHER_ERROR || s == ViidStatus.REBOOT;
    }

    /** What the API, the web UI and the metrics show of the link. */
    public record State(String id, String address, boolean registered, long registeredSince, long lastKeepalive, long queued, long pushed, long batches,
                        long failures, long rejected, String lastError, long registrations) {}

    public State state() {
        long queued;
        try {
            queued = lane.queued();
        } catch (IOException e) {
            queued = -1;
        }
        FeedLane.State l = lane.state();
        String error = lastError != null ? lastError : l.lastError();
        return new State(upper.id(), upper.address(), registered, registeredSince, lastKeepalive, queued, l.sent(), l.batches(), l.failures() + failures,
                rejected.sum(), error, registrations.sum());
    }

    public Set<String> devices() { return upper.devices(); }

    @Override
    public void close() {
        stopped = true;
        control.interrupt();
        lane.close();
        if (registered) {
            try {
                client.unregister(upper.address());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
