package org.vistruct.server.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the subscribers' endpoints: one lane (a virtual thread) per subscriber, so a
 * dead endpoint delays only its own alerts. A lane sends its pending alerts oldest first; on a
 * failure (no connection, timeout, non-2xx) it waits with exponential backoff and jitter, from the
 * first retry delay up to the maximum, and tries again, without end, until the subscriber is removed.
 */
public final class WebhookDeliverer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

    /** Told of each acknowledged delivery. */
    public interface Listener {
        void delivered(String subscriberId, String alertId, int attempts);
    }

    /** Backoff and timeouts. */
    public record Settings(long firstRetryMs, long maxRetryMs, long timeoutMs) {
        public Settings {
            if (firstRetryMs < 1 || maxRetryMs < firstRetryMs || timeoutMs < 100) throw new IllegalArgumentException("alerts: retry and timeout settings out of range");
        }
    }

    private final Outbox outbox;
    private final Settings settings;
    private final Listener listener;
    private final HttpClient http;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    public final LongAdder failures = new LongAdder();
    private volatile String viidIdentity = "";

    /**
     * Whether this node may deliver a subscriber's alerts now (several nodes on one outbox: one lane
     * in the cluster holds each subscriber's lease); checked before each delivery, so a lane whose
     * node lost the lease stops and the holder goes on.
     */
    public interface LaneLease {
        boolean hold(String subscriberId);

        /** How often a lane without the lease looks again (it takes the lease once the holder's expires). */
        default long retryMs() { return 30_000; }
    }

    private volatile LaneLease lease = new LaneLease() {
        @Override
        public boolean hold(String subscriberId) { return true; }
    };

    /** Shares the lanes with other nodes through leases. */
    public void lease(LaneLease l) {
        this.lease = l;
        lanes.values().forEach(x -> x.signal.release());
    }

    /** This platform's GA/T 1400 id, sent as User-Identify to subscribers in that form. */
    public void viidIdentity(String id) { this.viidIdentity = id == null ? "" : id; }

    public WebhookDeliverer(Outbox outbox, Settings settings, Listener listener) {
        this.outbox = outbox;
        this.settings = settings;
        this.listener = listener;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(settings.timeoutMs())).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Starts (or wakes) the lane of a subscriber: call after putting alerts in its outbox, and for each subscriber at start. */
    public void wake(Subscriber s) {
        lanes.computeIfAbsent(s.id(), id -> new Lane(s)).signal.release();
    }

    /**
     * Lanes for exactly these subscribers (several nodes: subscribers added or removed through another
     * node); a new lane looks at its outbox at once, existing ones keep their pace.
     */
    public void keepLanes(java.util.Collection<Subscriber> subscribers) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Subscriber s : subscribers) {
            ids.add(s.id());
            if (!lanes.containsKey(s.id())) wake(s);
        }
        for (String id : List.copyOf(lanes.keySet())) if (!ids.contains(id)) stop(id);
    }

    /** Stops a removed subscriber's lane. */
    public void stop(String subscriberId) {
        Lane l = lanes.remove(subscriberId);
        if (l != null) l.stop();
    }

    /** Per subscriber: deliveries waiting and consecutive failures, for the API and metrics. */
    public record LaneState(long pending, int failures, String lastError) {}

    public LaneState state(String subscriberId) throws IOException {
        Lane l = lanes.get(subscriberId);
        return new LaneState(outbox.size(subscriberId), l == null ? 0 : l.failures, l == null ? null : l.lastError);
    }

    private final class Lane implements Runnable {
        final Subscriber subscriber;
        final Semaphore signal = new Semaphore(0);
        final Thread thread;
        volatile boolean stopped;
        volatile int failures;
        volatile String lastError;

        Lane(Subscriber s) {
            this.subscriber = s;
            this.thread = Thread.ofVirtual().name("webhook-" + s.id()).start(this);
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    signal.tryAcquire(lease.retryMs(), TimeUnit.MILLISECONDS); // a timed wake also picks up anything missed (and another node's lane)
                    signal.drainPermits();
                    drain();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | IOException e) {
                    log.error("webhook lane of {} failed; it goes on", subscriber.id(), e);
                }
            }
        }

        private void drain() throws IOException, InterruptedException {
            while (!stopped) {
                if (!lease.hold(subscriber.id())) return; // another node's lane delivers them
                List<Outbox.Item> page = outbox.pending(subscriber.id(), 100);
                if (page.isEmpty()) return;
                for (Outbox.Item item : page) {
                    if (!deliver(item)) return;
                }
            }
        }

        /** Sends one delivery until it is acknowledged; false when the lane was stopped first. */
        private boolean deliver(Outbox.Item item) throws IOException, InterruptedException {
            int attempts = 0;
            while (true) {
                if (stopped) return false;
                if (attempts > 0 && !lease.hold(subscriber.id())) return false; // lost it while retrying: the holder sends it
                attempts++;
                String error = post(item);
                if (error == null) break;
                failures++;
                WebhookDeliverer.this.failures.increment();
                lastError = error;
                long delay = Math.min(settings.maxRetryMs(), settings.firstRetryMs() << Math.min(20, failures - 1));
                delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1); // jitter: lanes of one dead endpoint do not march in step
                if (failures == 1 || failures % 10 == 0) {
                    log.warn("webhook {} ({}): alert {} not delivered ({}); failure {}, next try in {} ms", subscriber.id(), subscriber.url(),
                            item.alertId(), error, failures, delay);
                }
                Thread.sleep(delay);
            }
            outbox.done(item);
            if (failures > 0) log.info("webhook {} ({}) accepts alerts again after {} failures", subscriber.id(), subscriber.url(), failures);
            failures = 0;
            lastError = null;
            listener.delivered(subscriber.id(), item.alertId(), attempts);
            return true;
        }

        /** Null when the endpoint answered 2xx, else what went wrong. */
        private String post(Outbox.Item item) throws InterruptedException {
            byte[] body = item.body();
            long ts = System.currentTimeMillis() / 1000;
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(subscriber.url())).timeout(Duration.ofMillis(settings.timeoutMs()));
            if (subscriber.deliversViid()) b.header("User-Identify", viidIdentity); // a GA/T 1400 receiver knows us by it
            HttpRequest req = b.header("Content-Type", subscriber.deliversViid() ? "application/VIID+JSON;charset=UTF-8" : "application/json; charset=utf-8")
                    .header(WebhookSignature.ALERT_ID_HEADER, item.alertId())
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(subscriber.secret(), ts, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status / 100 == 2 ? null : "HTTP " + status;
            } catch (IOException e) {
                return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        for (String id : lanes.keySet()) stop(id);
        http.close();
    }
}
