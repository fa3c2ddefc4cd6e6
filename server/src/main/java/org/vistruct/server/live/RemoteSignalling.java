package org.vistruct.server.live;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.vistruct.gb28181.device.MediaOffer;
import org.vistruct.gb28181.device.SsrcAllocator;
import org.vistruct.metadata.LiveStreamTable;

/**
 * Signalling through the node that holds the SIP role: the session's offer goes into its channel's
 * row, the signalling node INVITEs and writes the answer back under the same number. Only while the
 * channel is still placed on this node at this epoch: a placement that moved on refuses the offer.
 */
final class RemoteSignalling implements ChannelSignalling {
    static final long ANSWER_WAIT_MS = 40_000;
    private final LiveStreamTable table;
    private final String key, nodeId;
    private final long epoch;
    private final SsrcAllocator ssrcs;

    RemoteSignalling(LiveStreamTable table, String key, String nodeId, long epoch, SsrcAllocator ssrcs) {
        this.table = table;
        this.key = key;
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.ssrcs = ssrcs;
    }

    @Override
    public String unavailable(String deviceId) { return null; } // the signalling node answers with the reason

    @Override
    public String mediaIpTowards(String deviceId) {
        throw new IllegalStateException("gb28181.cluster needs gb28181.media-ip: the address devices send media to on this node");
    }

    @Override
    public SsrcAllocator ssrcs() { return ssrcs; }

    @Override
    public CompletableFuture<Answer> invite(String deviceId, String channelId, MediaOffer offer) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                long seq = table.offer(key, nodeId, epoch, encode(offer));
                if (seq < 0) throw new IllegalStateException("channel " + key + " is no longer placed on this node");
                long deadline = System.currentTimeMillis() + ANSWER_WAIT_MS;
                while (System.currentTimeMillis() < deadline) {
                    LiveStreamTable.StreamRow row = table.get(key);
                    if (row == null || row.epoch() != epoch) throw new IllegalStateException("channel " + key + " is no longer placed on this node");
                    if (row.answerSeq() == seq && row.answer() != null) return decode(row.answer());
                    Thread.sleep(100);
                }
                throw new IllegalStateException("no answer from the signalling node for " + key + " within " + ANSWER_WAIT_MS / 1000 + " s");
            } catch (IOException e) {
                throw new IllegalStateException("the metadata database is away: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }, Thread::startVirtualThread);
    }

    @Override
    public void bye(Answer dialog) {
        try {
            table.offer(key, nodeId, epoch, null); // withdrawn: the signalling node ends the dialog it holds
        } catch (IOException e) {
            // the signalling node ends it anyway once the channel is placed elsewhere or unwanted
        }
    }

    /** An offer as the row holds it: ip port transport ssrc. */
    static String encode(MediaOffer o) { return o.mediaIp() + " " + o.mediaPort() + " " + o.transport() + " " + o.ssrc(); }

    static MediaOffer decodeOffer(String s) {
        String[] f = s.split(" ");
        return new MediaOffer(f[0], Integer.parseInt(f[1]), f[2], f[3]);
    }

    /** An answer as the row holds it: "ok" and the dialog's fields, or "refused" and why. */
    static String encode(Answer a) { return String.join("\n", "ok", a.callId(), a.ssrc(), String.valueOf(a.deviceMediaIp()), Integer.toString(a.deviceMediaPort())); }

    static String refusal(String why) { return "refused\n" + why; }

    static Answer decode(String s) {
        String[] f = s.split("\n", 5);
        if (!f[0].equals("ok")) throw new IllegalStateException(f.length > 1 ? f[1] : "refused");
        return new Answer(f[1], f[2], f[3].equals("null") ? null : f[3], Integer.parseInt(f[4]));
    }
}
