package org.vistruct.gb28181.device;

import org.vistruct.gb28181.sip.Sdp;

/**
 * An accepted INVITE: the dialog to end with BYE, and what the device answered: its SSRC (it may
 * differ from ours), and where its media comes from (for TCP active, where to connect).
 */
public record MediaDialog(Device device, String channelId, String callId, String fromHeader, String toHeader, String requestUri,
                          long cseq, String offeredSsrc, Sdp answer) {
    /** The SSRC to accept: the device's y= when it gave one, else ours. */
    public String ssrc() {
        String y = answer.ssrc();
        return y != null && y.matches("\\d{1,10}") ? y : offeredSsrc;
    }

    public String deviceMediaIp() { return answer.address(); }

    public int deviceMediaPort() { return answer.port(); }
}
