package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.gb28181.device.Manscdp;
import org.vistruct.gb28181.sip.Sdp;
import org.vistruct.gb28181.sip.SipCodec;
import org.vistruct.gb28181.sip.SipMessage;
import org.vistruct.gb28181.sip.SipParams;

/** Every SIP message of the real captures (extracted with tshark) parses into the right device, channel and SDP fields. */
class CapturesTest {
    private static final Path CAPTURES = SharedDirectory.require().resolve("gb28181/captures");

    static List<SipMessage> sipMessages(Path pcap) throws Exception {
        Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-Y", "sip", "-T", "fields", "-e", "udp.payload").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<SipMessage> messages = new ArrayList<>();
        for (String line : out.split("\n")) {
            String hex = line.trim().replace(":", "");
            if (hex.isEmpty()) continue;
            byte[] bytes = HexFormat.of().parseHex(hex);
            messages.add(SipCodec.parse(bytes, 0, bytes.length));
        }
        return messages;
    }

    private static boolean tshark() {
        return Files.isExecutable(Path.of("/usr/bin/tshark"));
    }

    @Test
    void theUdpSessionParses() throws Exception {
        assumeTrue(tshark(), "needs tshark (apt-get install tshark)");
        List<SipMessage> all = sipMessages(CAPTURES.resolve("gb28181_live_udp_ps.pcapng"));
        assertEquals(16, all.size(), "REGISTER, 401, REGISTER, 200, three MESSAGEs and their 200s, INVITE, 100, 200, ACK, BYE, 200");
        SipMessage register = all.get(0), authed = all.get(2);
        assertEquals("REGISTER", register.method());
        assertEquals("34020000001320000001", SipParams.user(register.header("From")));
        assertEquals("3600", register.header("Expires"));
        assertEquals(401, all.get(1).status());
        Map<String, String> challenge = SipParams.digest(all.get(1).header("WWW-Authenticate"));
        assertEquals("3402000000", challenge.get("realm"));
        Map<String, String> credentials = SipParams.digest(authed.header("Authorization"));
        assertEquals("34020000001320000001", credentials.get("username"));
        assertEquals(challenge.get("nonce"), credentials.get("nonce"));
        assertEquals(32, credentials.get("response").length());
        assertEquals(200, all.get(3).status());

        List<String> cmds = new ArrayList<>();
        for (SipMessage m : all) {
            if (!"MESSAGE".equals(m.method())) continue;
            Manscdp.Body b = Manscdp.parse(m.body(), "auto");
            cmds.add(b.root() + "/" + b.text("CmdType"));
            if ("Catalog".equals(b.text("CmdType"))) {
                assertEquals("1", b.text("SumNum"));
                var items = b.items("DeviceList");
                assertEquals(1, items.size());
                assertEquals("34020000001310000001", items.get(0).getElementsByTagName("DeviceID").item(0).getTextContent());
                assertEquals("ch1", items.get(0).getElementsByTagName("Name").item(0).getTextContent());
            }
        }
        assertEquals(3, cmds.size());
        assertTrue(cmds.contains("Notify/Keepalive") && cmds.contains("Response/Catalog"), cmds.toString());

        SipMessage invite = all.stream().filter(m -> "INVITE".equals(m.method())).findFirst().orElseThrow();
        assertEquals("34020000001310000001", SipParams.user(invite.uri()));
        Sdp offer = Sdp.parse(invite.body());
        assertEquals("Play", offer.sessionName());
        assertEquals("0200000001", offer.ssrc());
        assertEquals(30000, offer.port());
        assertTrue(offer.media().startsWith("video 30000 RTP/AVP 96"), offer.media());
        assertEquals("96 PS/90000", offer.attribute("rtpmap"));
        assertEquals("127.0.0.1", offer.address());
        assertNotNull(offer.attribute("recvonly"));
        SipMessage answer = all.stream().filter(m -> !m.isRequest() && "INVITE".equals(m.cseqMethod()) && m.status() == 200).findFirst().orElseThrow();
        Sdp accepted = Sdp.parse(answer.body());
        assertNotNull(accepted.ssrc(), "the device's answer carries its own y=");
        System.out.printf("udp capture: %d SIP messages; INVITE s=%s y=%s, answer y=%s%n", all.size(), offer.sessionName(), offer.ssrc(), accepted.ssrc());
    }

    @Test
    void theTcpPassiveSessionOffersAndAcceptsTcpMedia() throws Exception {
        assumeTrue(tshark(), "needs tshark (apt-get install tshark)");
        List<SipMessage> all = sipMessages(CAPTURES.resolve("gb28181_live_tcp_passive_ps.pcapng"));
        SipMessage invite = all.stream().filter(m -> "INVITE".equals(m.method())).findFirst().orElseThrow();
        Sdp offer = Sdp.parse(invite.body());
        assertTrue(offer.media().contains("TCP/RTP/AVP"), offer.media());
        assertEquals("passive", offer.attribute("setup"));
        SipMessage answer = all.stream().filter(m -> !m.isRequest() && "INVITE".equals(m.cseqMethod()) && m.status() == 200).findFirst().orElseThrow();
        assertEquals("active", Sdp.parse(answer.body()).attribute("setup"), "the device connects");
        assertNotNull(invite.header("Subject"));
        System.out.printf("tcp capture: %d SIP messages; offer %s setup:%s, answer setup:active%n", all.size(), offer.media(), offer.attribute("setup"));
    }
}
