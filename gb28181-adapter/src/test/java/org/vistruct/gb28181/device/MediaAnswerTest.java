package org.vistruct.gb28181.device;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vistruct.gb28181.sip.Sdp;

/** What the platform offers for each transport, and which answers can carry a stream. */
class MediaAnswerTest {
    private static Sdp answer(String m, String setup) {
        String s = "v=0\r\no=dev 0 0 IN IP4 10.0.0.7\r\ns=Play\r\nc=IN IP4 10.0.0.7\r\nt=0 0\r\n" + m + "\r\na=sendonly\r\n"
                + (setup == null ? "" : "a=setup:" + setup + "\r\n") + "y=0340200001\r\n";
        return Sdp.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void tcpActiveOffersPortNineNeverZero() {
        String sdp = new MediaOffer("10.0.0.1", 0, "TCP_ACTIVE", "0340200001").sdp("34020000002000000001");
        assertTrue(sdp.contains("m=video 9 TCP/RTP/AVP 96\r\n"), sdp);
        assertTrue(sdp.contains("a=setup:active\r\n"), sdp);
        assertTrue(new MediaOffer("10.0.0.1", 40000, "UDP", "0340200001").sdp("x").contains("m=video 40000 RTP/AVP 96\r\n"));
    }

    @Test
    void answersThatCannotCarryTheStreamAreNamed() {
        MediaOffer active = new MediaOffer("10.0.0.1", 0, "TCP_ACTIVE", "0340200001"), udp = new MediaOffer("10.0.0.1", 40000, "UDP", "0340200001");
        assertNull(Gb28181Service.unusable(active, answer("m=video 6000 TCP/RTP/AVP 96", "passive")));
        assertNull(Gb28181Service.unusable(udp, answer("m=video 15060 RTP/AVP 96", null)));
        assertTrue(Gb28181Service.unusable(active, answer("m=video 0 TCP/RTP/AVP 96", "passive")).contains("port 0"));
        assertTrue(Gb28181Service.unusable(udp, answer("m=video 0 RTP/AVP 96", null)).contains("refuses"));
        assertTrue(Gb28181Service.unusable(active, answer("m=video 6000 TCP/RTP/AVP 96", "active")).contains("setup:active"));
        assertTrue(Gb28181Service.unusable(active, Sdp.parse("v=0\r\n".getBytes(StandardCharsets.US_ASCII))).contains("no address"));
    }
}
