package org.vistruct.gb28181.device;

import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vistruct.core.DigestAuthenticator;

/** A device registers over UDP with digest; the 200's Date (which devices set their clocks by) is in the platform's zone. */
class RegisterAnswerTest {
    private static final String DEVICE = "34020000001320000001";

    @Test
    void theDateOfTheRegisterAnswerIsThePlatformsLocalTime() throws Exception {
        // a zone far from any machine's: UTC+14
        ZoneId zone = ZoneId.of("Pacific/Kiritimati");
        Gb28181Settings s = new Gb28181Settings("127.0.0.1", 0, "34020000002000000001", "3402000000", "12345678", Map.of(), true, 180_000, 3600, Map.of(), zone);
        try (Gb28181Service sip = new Gb28181Service(s, DeviceStore.inMemory()); DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sock.setSoTimeout(5000);
            String challenge = exchange(sock, sip.port(), register(sock, 1, null));
            assertTrue(challenge.startsWith("SIP/2.0 401"), challenge);
            Matcher m = Pattern.compile("WWW-Authenticate: (.*)\r\n").matcher(challenge);
            assertTrue(m.find(), challenge);
            String uri = "sip:34020000002000000001@3402000000";
            String auth = DigestAuthenticator.authorization(DigestAuthenticator.fields(m.group(1).substring("Digest ".length())), DEVICE, "12345678", "REGISTER", uri, 1);
            String ok = exchange(sock, sip.port(), register(sock, 2, auth));
            assertTrue(ok.startsWith("SIP/2.0 200"), ok);
            Matcher d = Pattern.compile("Date: (.*)\r\n").matcher(ok);
            assertTrue(d.find(), ok);
            LocalDateTime said = LocalDateTime.parse(d.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS"));
            assertTrue(Math.abs(Duration.between(LocalDateTime.now(zone), said).toSeconds()) < 30, "Date " + said + " is local time in " + zone);
        }
    }

    private static byte[] register(DatagramSocket sock, int cseq, String authorization) {
        return ("REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + sock.getLocalPort() + ";rport;branch=z9hG4bK" + cseq
                + "\r\nFrom: <sip:" + DEVICE + "@3402000000>;tag=1\r\nTo: <sip:" + DEVICE + "@3402000000>\r\nCall-ID: reg-date\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + DEVICE + "@127.0.0.1:" + sock.getLocalPort() + ">\r\nExpires: 3600\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends a request and returns the first response to it (requests the platform sends meanwhile are skipped). */
    private static String exchange(DatagramSocket sock, int port, byte[] request) throws Exception {
        sock.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            sock.receive(p);
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (text.startsWith("SIP/2.0")) return text;
        }
    }
}
