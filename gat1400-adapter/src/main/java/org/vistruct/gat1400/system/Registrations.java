package org.vistruct.gat1400.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.DigestAuthenticator;

/**
 * Who is registered with this 视图库: cameras, checkpoint platforms and lower platforms that passed
 * digest authentication on System/Register, with their last keepalive. A sender that misses its
 * keepalives for the timeout is offline and must register again before it may push. Bounded: only
 * senders that authenticated get an entry, and at most {@code maxSenders} of them.
 */
public final class Registrations {
    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    /** What the API and metrics show of one sender. */
    public record Sender(String id, String address, long registeredSince, long lastKeepalive, boolean online, long keepalives) {}

    /** The outcome of a Register request: a challenge to answer, accepted, or refused with a reason. */
    public record Outcome(Kind kind, String challenge, String reason) {
        public enum Kind { CHALLENGE, OK, REFUSED }
    }

    /** Passwords of the senders that may register (null: unknown sender). */
    public interface Passwords {
        String of(String deviceId);
    }

    private final DigestAuthenticator digest;
    private final Passwords passwords;
    private final long timeoutMs;
    private final int maxSenders;
    private final LongSupplier clock;
    private final Map<String, State> senders = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<Sender> onChange = s -> { };

    private static final class State {
        final String id;
        volatile String address;
        volatile long since, last, keepalives;
        volatile boolean registered;

        State(String id) { this.id = id; }
    }

    public Registrations(String realm, Passwords passwords, long keepaliveTimeoutMs, int maxSenders, LongSupplier clock) {
        this.digest = new DigestAuthenticator(realm, 300_000);
        this.passwords = passwords;
        this.timeoutMs = keepaliveTimeoutMs;
        this.maxSenders = maxSenders;
        this.clock = clock;
    }

    /** A fresh digest challenge (WWW-Authenticate value). */
    public String challenge() { return digest.challengeWithQop(false); }

    /** Told when a sender comes online or goes offline (device status notifications). */
    public void onChange(java.util.function.Consumer<Sender> c) { this.onChange = c; }

    /**
     * Handles a Register: without credentials, a challenge; with them, checked against the sender's
     * password. The digest username must be the DeviceID being registered, and the digest uri must
     * name the request's path (as a path or a full URL: both are sent).
     */
    public Outcome register(String deviceId, String authorization, String method, String requestPath, String address) {
        String password = passwords.of(deviceId);
        if (password == null) return new Outcome(Outcome.Kind.REFUSED, null, "device " + deviceId + " may not register here (not in gat1400.passwords)");
        if (authorization == null || authorization.isBlank()) return new Outcome(Outcome.Kind.CHALLENGE, digest.challengeWithQop(false), null);
        Map<String, String> f = DigestAuthenticator.fields(authorization);
        if (!deviceId.equals(f.get("username"))) {
            return new Outcome(Outcome.Kind.REFUSED, digest.challengeWithQop(false), "digest username '" + f.get("username") + "' is not the DeviceID " + deviceId);
        }
        if (!uriMatches(f.get("uri"), requestPath)) {
            return new Outcome(Outcome.Kind.REFUSED, digest.challengeWithQop(false), "digest uri '" + f.get("uri") + "' does not name " + requestPath);
        }
        switch (digest.verify(f, method, password)) {
            case STALE -> {
                return new Outcome(Outcome.Kind.CHALLENGE, digest.challengeWithQop(true), null);
            }
            case WRONG -> {
                return new Outcome(Outcome.Kind.REFUSED, digest.challengeWithQop(false), "wrong digest response (password) for " + deviceId);
            }
            default -> { }
        }
        State s = senders.get(deviceId);
        if (s == null) {
            if (senders.size() >= maxSenders) return new Outcome(Outcome.Kind.REFUSED, null, "too many senders registered (" + maxSenders + ")");
            s = senders.computeIfAbsent(deviceId, State::new);
        }
        long now = clock.getAsLong();
        boolean cameOnline = !online(s, now);
        s.address = address;
        if (cameOnline) s.since = now;
        s.last = now;
        s.registered = true;
        if (cameOnline) {
            log.info("GA/T 1400 sender {} registered from {}", deviceId, address);
            onChange.accept(view(s, now));
        }
        return new Outcome(Outcome.Kind.OK, null, null);
    }

    /** The digest uri as a path or as a full URL whose path is the request's. */
    static boolean uriMatches(String uri, String path) {
        if (uri == null) return false;
        if (uri.equals(path)) return true;
        try {
            java.net.URI u = new java.net.URI(uri);
            return u.getScheme() != null && path.equals(u.getRawPath());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A keepalive; false when the sender is not registered (it must register again). */
    public boolean keepalive(String deviceId) {
        State s = senders.get(deviceId);
        long now = clock.getAsLong();
        if (s == null || !online(s, now)) return false;
        s.last = now;
        s.keepalives++;
        return true;
    }

    public boolean unregister(String deviceId) {
        State s = senders.get(deviceId);
        if (s == null || !s.registered) return false;
        s.registered = false;
        log.info("GA/T 1400 sender {} unregistered", deviceId);
        onChange.accept(view(s, clock.getAsLong()));
        return true;
    }

    /** Whether a sender is registered and has kept alive within the timeout. */
    public boolean isOnline(String deviceId) {
        State s = senders.get(deviceId);
        return s != null && online(s, clock.getAsLong());
    }

    private boolean online(State s, long now) { return s.registered && now - s.last <= timeoutMs; }

    /** Marks senders whose keepalives stopped as offline (called periodically); returns how many went offline. */
    public int expire() {
        long now = clock.getAsLong();
        int n = 0;
        for (State s : senders.values()) {
            if (s.registered && now - s.last > timeoutMs) {
                s.registered = false;
                n++;
                log.warn("GA/T 1400 sender {} ({}) is offline: no keepalive for {} s", s.id, s.address, (now - s.last) / 1000);
                onChange.accept(view(s, now));
            }
        }
        return n;
    }

    public List<Sender> senders() {
        long now = clock.getAsLong();
        List<Sender> out = new ArrayList<>();
        for (State s : senders.values()) out.add(view(s, now));
        out.sort(Comparator.comparing(Sender::id));
        return out;
    }

    private Sender view(State s, long now) { return new Sender(s.id, s.address, s.since, s.last, online(s, now), s.keepalives); }
}
