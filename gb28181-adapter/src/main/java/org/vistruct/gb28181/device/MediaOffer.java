package org.vistruct.gb28181.device;

/**
 * What the platform offers a channel in an INVITE.
 *
 * @param transport UDP, TCP_PASSIVE (we listen, the device connects) or TCP_ACTIVE (the device listens, we connect)
 * @param session   Play (live), Playback or Download
 * @param start     history start (epoch seconds), 0 for live
 * @param end       history end (epoch seconds), 0 for live
 */
public record MediaOffer(String mediaIp, int mediaPort, String transport, String ssrc, String session, long start, long end, String channelId) {
    /** A live offer. */
    public MediaOffer(String mediaIp, int mediaPort, String transport, String ssrc) {
        this(mediaIp, mediaPort, transport, ssrc, "Play", 0, 0, null);
    }

    public boolean tcp() { return !transport.equals("UDP"); }

    String sdp(String serverId) {
        StringBuilder s = new StringBuilder();
        s.append("v=0\r\n");
        s.append("o=").append(serverId).append(" 0 0 IN IP4 ").append(mediaIp).append("\r\n");
        s.append("s=").append(session).append("\r\n");
        if (!session.equals("Play")) s.append("u=").append(channelId).append(":0\r\n");
        s.append("c=IN IP4 ").append(mediaIp).append("\r\n");
        s.append("t=").append(start).append(' ').append(end).append("\r\n");
        // TCP active: we connect, so we listen nowhere; port 0 would refuse the stream (RFC 3264), 9 is the discard port RFC 4145 uses
        s.append("m=video ").append(transport.equals("TCP_ACTIVE") && mediaPort == 0 ? 9 : mediaPort).append(tcp() ? " TCP/RTP/AVP 96" : " RTP/AVP 96").append("\r\n");
        s.append("a=recvonly\r\n");
        s.append("a=rtpmap:96 PS/90000\r\n");
        if (tcp()) {
            s.append("a=setup:").append(transport.equals("TCP_PASSIVE") ? "passive" : "active").append("\r\n");
            s.append("a=connection:new\r\n");
        }
        s.append("y=").append(ssrc).append("\r\n");
        return s.toString();
    }
}
