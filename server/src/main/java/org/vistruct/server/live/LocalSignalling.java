package org.vistruct.server.live;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.vistruct.gb28181.device.Device;
import org.vistruct.gb28181.device.Gb28181Service;
import org.vistruct.gb28181.device.MediaDialog;
import org.vistruct.gb28181.device.MediaOffer;
import org.vistruct.gb28181.device.SsrcAllocator;

/** The SIP service of this node signals for its own sessions. */
public final class LocalSignalling implements ChannelSignalling {
    private final Gb28181Service sip;
    private final Map<String, MediaDialog> dialogs = new ConcurrentHashMap<>();

    public LocalSignalling(Gb28181Service sip) { this.sip = sip; }

    @Override
    public String unavailable(String deviceId) {
        Device d = sip.device(deviceId);
        return d == null || !d.view().online() ? "device " + deviceId + " is offline" : null;
    }

    @Override
    public String mediaIpTowards(String deviceId) {
        Device d = sip.device(deviceId);
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(d.peer().address()); // a UDP connect sends nothing: it only picks the route
            return probe.getLocalAddress().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }

    @Override
    public SsrcAllocator ssrcs() { return sip.ssrcs(); }

    @Override
    public CompletableFuture<Answer> invite(String deviceId, String channelId, MediaOffer offer) {
        Device d = sip.device(deviceId);
        if (d == null) return CompletableFuture.failedFuture(new IllegalStateException("device " + deviceId + " is offline"));
        return sip.invite(d, channelId, offer).thenApply(dialog -> {
            dialogs.put(dialog.callId(), dialog);
            return new Answer(dialog.callId(), dialog.ssrc(), dialog.deviceMediaIp(), dialog.deviceMediaPort());
        });
    }

    @Override
    public void bye(Answer answer) {
        MediaDialog d = dialogs.remove(answer.callId());
        if (d != null) sip.bye(d);
    }

    /** The device ended a dialog itself: nothing to BYE any more. */
    void forget(String callId) { dialogs.remove(callId); }
}
