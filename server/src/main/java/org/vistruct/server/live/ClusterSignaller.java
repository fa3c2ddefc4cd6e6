package org.vistruct.server.live;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.cluster.NodeHeartbeat;
import org.vistruct.cluster.StreamPlacement;
import org.vistruct.gb28181.device.Device;
import org.vistruct.gb28181.device.Gb28181Service;
import org.vistruct.gb28181.device.MediaDialog;
import org.vistruct.gb28181.sip.Sdp;
import org.vistruct.metadata.LiveStreamTable;
import org.vistruct.metadata.LiveStreamTable.StreamRow;

/**
 * What the node holding the GB/T 28181 signalling role does for the whole cluster, a few times a
 * second: places channels that have no live node ({@link StreamPlacement}), INVITEs each device
 * with the receiver its channel's node offered and writes the answer back, and ends with BYE every
 * dialog whose offer was withdrawn or replaced, whose channel moved or is no longer wanted. The
 * dialogs it holds are written into the rows: a node taking the role over adopts them (streams go
 * on) and ends those whose offer is gone.
 */
final class ClusterSignaller {
    private static final Logger log = LoggerFactory.getLogger(ClusterSignaller.class);

    /** A dialog held for offer {@code seq} of a channel, as written into its row. */
    private record Held(long seq, MediaDialog dialog, String written) {}

    private final Gb28181Service sip;
    private final LiveStreamTable table;
    private final NodeHeartbeat heartbeat;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Set<String> inviting = ConcurrentHashMap.newKeySet();

    ClusterSignaller(Gb28181Service sip, LiveStreamTable table, NodeHeartbeat heartbeat) {
        this.sip = sip;
        this.table = table;
        this.heartbeat = heartbeat;
    }

    /** The device ended a dialog with BYE: the channel's node learns it from the row. */
    void hungUp(String callId) {
        held.values().removeIf(h -> h.dialog().callId().equals(callId));
        try {
            table.hungUp(callId);
        } catch (IOException e) {
            log.warn("BYE of dialog {} not written to the database: {}", callId, e.getMessage());
        }
    }

    /** A device came (back) online: its channels' nodes retry now. */
    void online(String deviceId) {
        try {
            table.wake(deviceId);
        } catch (IOException e) {
            log.warn("device {} online: not written to the database: {}", deviceId, e.getMessage());
        }
    }

    void tick() throws IOException {
        List<StreamRow> rows = table.all();
        List<StreamPlacement.Move> moves = StreamPlacement.plan(rows, heartbeat.nodes());
        boolean moved = false;
        for (StreamPlacement.Move m : moves) {
            if (table.place(m.key(), m.epoch(), m.nodeId())) {
                moved = true;
                log.info("live channel {} placed on node {}{}", m.key(), m.nodeId(), m.from() == null ? "" : " (node " + m.from() + " is not alive)");
            }
        }
        if (moved) rows = table.all();
        Set<String> wanted = new HashSet<>();
        for (StreamRow row : rows) {
            wanted.add(row.key());
            Held h = held.get(row.key());
            if (h == null && row.dialog() != null) h = adopt(row);
            if (h != null && (row.offer() == null || row.offerSeq() != h.seq())) end(row.key(), h, "the offer was withdrawn or replaced");
            if (row.offer() != null && row.answerSeq() < row.offerSeq() && inviting.add(row.key() + "#" + row.offerSeq())) invite(row);
        }
        for (var e : Map.copyOf(held).entrySet()) {
            if (!wanted.contains(e.getKey())) end(e.getKey(), e.getValue(), "the channel is no longer wanted");
        }
    }

    private void invite(StreamRow row) {
        String key = row.key(), mark = key + "#" + row.offerSeq();
        long seq = row.offerSeq();
        Device d = sip.device(row.deviceId());
        if (d == null || !d.view().online()) {
            answer(key, seq, RemoteSignalling.refusal("device " + row.deviceId() + " is offline"), null, null);
            inviting.remove(mark);
            return;
        }
        sip.invite(d, row.channelId(), RemoteSignalling.decodeOffer(row.offer())).whenComplete((dialog, e) -> {
            try {
                if (e != null) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    answer(key, seq, RemoteSignalling.refusal(cause.getMessage() == null ? cause.toString() : cause.getMessage()), null, null);
                } else {
                    String written = write(seq, dialog);
                    ChannelSignalling.Answer a = new ChannelSignalling.Answer(dialog.callId(), dialog.ssrc(), dialog.deviceMediaIp(), dialog.deviceMediaPort());
                    answer(key, seq, RemoteSignalling.encode(a), written, new Held(seq, dialog, written));
                }
            } finally {
                inviting.remove(mark);
            }
        });
    }

    private void answer(String key, long seq, String answer, String written, Held dialog) {
        try {
            if (table.answer(key, seq, answer, written)) {
                if (dialog != null) held.put(key, dialog);
                return;
            }
        } catch (IOException e) {
            log.warn("answer for live channel {} not written to the database: {}", key, e.getMessage());
        }
        if (dialog != null) sip.bye(dialog.dialog()); // nobody will receive it: a newer offer, or no database to say where
    }

    private void end(String key, Held h, String why) {
        held.remove(key, h);
        log.info("live channel {}: BYE to dialog {} ({})", key, h.dialog().callId(), why);
        sip.bye(h.dialog());
        try {
            table.dialogEnded(key, h.written());
        } catch (IOException e) {
            log.warn("live channel {}: end of dialog not written: {}", key, e.getMessage());
        }
    }

    /** A dialog written by the node that held the role before: held here from now on (its device must have registered again to be sent a BYE). */
    private Held adopt(StreamRow row) {
        String[] f = row.dialog().split("\n", -1);
        if (f.length < 9) return null;
        Device d = sip.device(f[7]);
        if (d == null) return null; // not registered here yet: looked at again next time
        try {
            Held h = new Held(Long.parseLong(f[1]), new MediaDialog(d, f[8], f[0], f[2], f[3], f[4], Long.parseLong(f[5]), f[6], Sdp.parse(new byte[0])), row.dialog());
            held.put(row.key(), h);
            log.info("live channel {}: dialog {} taken over from the node that signalled before", row.key(), f[0]);
            return h;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A dialog as its row holds it (Call-ID first: a device's BYE finds it by that). */
    private static String write(long seq, MediaDialog d) {
        return String.join("\n", d.callId(), Long.toString(seq), d.fromHeader(), d.toHeader(), d.requestUri(), Long.toString(d.cseq()), d.offeredSsrc(),
                d.device().id(), d.channelId());
    }
}
