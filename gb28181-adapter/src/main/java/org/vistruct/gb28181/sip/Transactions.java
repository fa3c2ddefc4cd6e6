package org.vistruct.gb28181.sip;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.vistruct.gb28181.transport.SipPeer;

/**
 * RFC 3261 transactions, the parts a platform needs. Server side: a retransmitted request gets the
 * same response again instead of being handled twice. Client side: requests we send are
 * retransmitted over UDP (T1 = 500 ms, doubling to T2 = 4 s) until a final response, and fail
 * after 32 s (timer F).
 */
public final class Transactions {
    private static final long T1 = 500, T2 = 4000, TIMEOUT = 32_000;
    private static final int MAX_REMEMBERED = 200_000;

    private record Pending(CompletableFuture<SipMessage> result, ScheduledFuture<?> retransmit, ScheduledFuture<?> timeout) {}

    private final EventLoopGroup timers;
    private final Map<String, byte[]> answered = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> e) { return size() > MAX_REMEMBERED; }
    };
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong branches = new AtomicLong(System.nanoTime());

    public Transactions(EventLoopGroup timers) { this.timers = timers; }

    /**
     * The key a request and its retransmissions share: branch, CSeq number and method. The CSeq is
     * there because devices reuse branches (SIPp does in loops): a new request must never get the
     * previous one's cached answer, or device and platform ping-pong it without end.
     */
    private static String serverKey(SipMessage req) {
        String branch = req.branch();
        return (branch != null ? branch + "/" + req.callId() : req.callId()) + "/" + req.cseq() + "/" + req.method();
    }

    /** Resends the response already given to this request, if it is a retransmission; returns whether it was. */
    public boolean answerRetransmission(SipMessage req, SipPeer peer) {
        byte[] previous;
        synchronized (answered) {
            previous = answered.get(serverKey(req));
        }
        if (previous == null) return false;
        peer.send(previous);
        return true;
    }

    /** Sends a response and remembers it for retransmissions of the request. */
    public void respond(SipMessage req, SipMessage res, SipPeer peer) {
        byte[] bytes = SipCodec.encode(res);
        if (res.status() >= 200) {
            synchronized (answered) {
                answered.put(serverKey(req), bytes);
            }
        }
        peer.send(bytes);
    }

    /** A fresh Via branch (RFC 3261 magic cookie prefix). */
    public String newBranch() { return "z9hG4bK" + Long.toHexString(branches.incrementAndGet()); }

    /** Sends a request and completes with its final response (or fails after 32 s). The request's Via must carry a branch. */
    public CompletableFuture<SipMessage> request(SipMessage req, SipPeer peer) {
        String key = req.branch() + "/" + req.method();
        byte[] bytes = SipCodec.encode(req);
        CompletableFuture<SipMessage> result = new CompletableFuture<>();
        ScheduledFuture<?> retransmit = peer.udp() ? scheduleRetransmit(bytes, peer, T1, key) : null;
        ScheduledFuture<?> timeout = timers.schedule(() -> {
            Pending p = pending.remove(key);
            if (p != null) {
                if (p.retransmit() != null) p.retransmit().cancel(false);
                p.result().completeExceptionally(new TimeoutException(req.method() + " to " + peer + " got no final response in 32 s"));
            }
        }, TIMEOUT, TimeUnit.MILLISECONDS);
        pending.put(key, new Pending(result, retransmit, timeout));
        peer.send(bytes);
        return result;
    }

    private ScheduledFuture<?> scheduleRetransmit(byte[] bytes, SipPeer peer, long delay, String key) {
        return timers.schedule(() -> {
            Pending p = pending.get(key);
            if (p == null) return;
            peer.send(bytes);
            pending.computeIfPresent(key, (k, old) -> new Pending(old.result(), scheduleRetransmit(bytes, peer, Math.min(2 * delay, T2), key), old.timeout()));
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Hands a response to the request it answers; returns false when no such request is waiting. */
    public boolean responseArrived(SipMessage res) {
        String key = res.branch() + "/" + res.cseqMethod();
        if (res.status() < 200) return pending.containsKey(key); // provisional: keep waiting
        Pending p = pending.remove(key);
        if (p == null) return false;
        if (p.retransmit() != null) p.retransmit().cancel(false);
        p.timeout().cancel(false);
        p.result().complete(res);
        return true;
    }

    public int waiting() { return pending.size(); }
}
