package org.vistruct.server.live;

import java.util.concurrent.CompletableFuture;
import org.vistruct.gb28181.device.MediaOffer;
import org.vistruct.gb28181.device.SsrcAllocator;

/**
 * How a live session gets its channel's media: INVITE with the session's receiver, BYE at the end.
 * On one node the SIP service is right here ({@link LocalSignalling}); in a cluster the node that
 * holds the signalling role does it for every node ({@link RemoteSignalling}).
 */
public interface ChannelSignalling {
    /** What the device answered: the dialog's Call-ID, the SSRC to accept, where its media comes from (TCP active: where to connect). */
    record Answer(String callId, String ssrc, String deviceMediaIp, int deviceMediaPort) {}

    /** Why the device cannot be asked now (unknown, offline), or null when it can (or this side cannot tell). */
    String unavailable(String deviceId);

    /** The local address the device would reach, for gb28181.media-ip = auto. */
    String mediaIpTowards(String deviceId);

    SsrcAllocator ssrcs();

    /** Asks the device for the stream; fails with a reason that names the device. */
    CompletableFuture<Answer> invite(String deviceId, String channelId, MediaOffer offer);

    /** Ends the dialog of an answer (no wait). */
    void bye(Answer dialog);
}
