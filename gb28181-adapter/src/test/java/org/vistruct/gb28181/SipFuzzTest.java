package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.gb28181.device.Gb28181Service;
import org.vistruct.gb28181.device.Gb28181Settings;
import org.vistruct.gb28181.device.Manscdp;
import org.vistruct.gb28181.sip.SipCodec;
import org.vistruct.gb28181.sip.SipParseException;

/**
 * 100,000 mutated SIP messages through the SIP parser and 100,000 mutated MANSCDP bodies through
 * the XML reader: only the parsers' own "this is malformed" errors may come out, nothing hangs,
 * memory stays bounded. Then mutated datagrams at a live platform, which must still answer.
 */
class SipFuzzTest {
    private static final String REGISTER = "REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;rport;branch=z9hG4bK776\r\n"
            + "From: <sip:34020000001320000001@3402000000>;tag=1\r\nTo: <sip:34020000001320000001@3402000000>\r\nCall-ID: abc@1\r\nCSeq: 1 REGISTER\r\n"
            + "Contact: <sip:34020000001320000001@127.0.0.1:5061>\r\nAuthorization: Digest username=\"34020000001320000001\", realm=\"3402000000\", nonce=\"x\", uri=\"sip:3402000000\", response=\"0\"\r\n"
            + "Max-Forwards: 70\r\nExpires: 3600\r\nContent-Length: 0\r\n\r\n";
    private static final String CATALOG = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n<SN>7</SN>\r\n"
            + "<DeviceID>34020000001320000001</DeviceID>\r\n<SumNum>2</SumNum>\r\n<DeviceList Num=\"2\">\r\n<Item><DeviceID>34020000001310000001</DeviceID>"
            + "<Name>大门口</Name><ParentID>3402000000</ParentID><Status>ON</Status></Item>\r\n<Item><DeviceID>34020000001310000002</DeviceID><Name>Gate</Name></Item>\r\n</DeviceList>\r\n</Response>\r\n";
    private static final String MESSAGE_HEAD = "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK9\r\n"
            + "From: <sip:34020000001320000001@3402000000>;tag=2\r\nTo: <sip:34020000002000000001@3402000000>\r\nCall-ID: m@1\r\nCSeq: 2 MESSAGE\r\n"
            + "Content-Type: Application/MANSCDP+xml\r\nContent-Length: %d\r\n\r\n";
    private static final String[] NASTY = {"\r\n", "\n", ":", ";", "\"", "<", ">", "&", "]]>", "<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]>",
            "Content-Length: 999999\r\n", "Content-Length: -5\r\n", "CSeq: x\r\n", "\u0000", "\uFFFF", "%n%s", "\t\t", "sip:", "@", "Via: \r\n", " "};

    static List<byte[]> seeds() {
        byte[] catalogBytes = CATALOG.getBytes(Charset.forName("GB18030"));
        List<byte[]> s = new ArrayList<>();
        s.add(REGISTER.getBytes(StandardCharsets.UTF_8));
        byte[] head = String.format(MESSAGE_HEAD, catalogBytes.length).getBytes(StandardCharsets.UTF_8);
        byte[] msg = new byte[head.length + catalogBytes.length];
        System.arraycopy(head, 0, msg, 0, head.length);
        System.arraycopy(catalogBytes, 0, msg, head.length, catalogBytes.length);
        s.add(msg);
        s.add("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bKa\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: q\r\nCSeq: 3 MESSAGE\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        return s;
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int ops = 1 + rnd.nextInt(6);
        for (int k = 0; k < ops; k++) {
            switch (rnd.nextInt(7)) {
                case 0 -> { if (b.length > 0) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8)); }
                case 1 -> { if (b.length > 0) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); }
                case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncate
                case 3 -> b = splice(b, rnd.nextInt(b.length + 1), NASTY[rnd.nextInt(NASTY.length)].getBytes(StandardCharsets.UTF_8));
                case 4 -> { // delete a run
                    if (b.length > 2) {
                        int from = rnd.nextInt(b.length - 1), len = 1 + rnd.nextInt(Math.min(40, b.length - from));
                        byte[] c = new byte[b.length - len];
                        System.arraycopy(b, 0, c, 0, from);
                        System.arraycopy(b, from + len, c, from, b.length - from - len);
                        b = c;
                    }
                }
                case 5 -> { // duplicate a run (repeated headers, nested tags)
                    if (b.length > 2 && b.length < 30_000) {
                        int from = rnd.nextInt(b.length - 1), len = 1 + rnd.nextInt(Math.min(200, b.length - from));
                        b = splice(b, from, java.util.Arrays.copyOfRange(b, from, from + len));
                    }
                }
                default -> b = splice(b, rnd.nextInt(b.length + 1), random(rnd, 1 + rnd.nextInt(30)));
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] c = new byte[b.length + ins.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(ins, 0, c, at, ins.length);
        System.arraycopy(b, at, c, at + ins.length, b.length - at);
        return c;
    }

    private static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void aHundredThousandMutatedMessagesAndBodies() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<byte[]> seeds = seeds();
        byte[] catalog = CATALOG.getBytes(Charset.forName("GB18030"));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        int parsed = 0, refused = 0, xmlOk = 0, xmlRefused = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            byte[] m = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            try {
                var msg = SipCodec.parse(m, 0, m.length);
                SipCodec.encode(msg); // whatever parses can be written back
                parsed++;
            } catch (SipParseException e) {
                refused++;
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + ", message " + i + ": " + e + "\n" + new String(m, StandardCharsets.ISO_8859_1), e);
            }
            byte[] x = mutate(catalog, rnd);
            try {
                Manscdp.parse(x, rnd.nextBoolean() ? "auto" : "utf-8");
                xmlOk++;
            } catch (org.xml.sax.SAXException | java.io.IOException e) {
                xmlRefused++;
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + ", body " + i + ": " + e, e);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf("fuzz (seed %d): 100000 SIP messages (%d parsed, %d refused) and 100000 MANSCDP bodies (%d parsed, %d refused) in %.1f s; heap %+d MB%n",
                seed, parsed, refused, xmlOk, xmlRefused, seconds, (after - before) >> 20);
        assertTrue(seconds < 120, "no hang");
        assertTrue(after - before < 64L << 20, "memory bounded");
        assertTrue(parsed > 1000 && refused > 1000, "the mutations reach both outcomes");
    }

    @Test
    void aLivePlatformStillAnswersAfterMutatedDatagrams(@TempDir Path dir) throws Exception {
        Random rnd = new Random(System.nanoTime());
        Gb28181Settings s = new Gb28181Settings("127.0.0.1", 0, "34020000002000000001", "3402000000", "12345678", Map.of(), true, 180_000, 3600, Map.of());
        try (Gb28181Service sip = new Gb28181Service(s, org.vistruct.gb28181.device.DeviceStore.inMemory()); DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            List<byte[]> seeds = seeds();
            for (int i = 0; i < 10_000; i++) {
                byte[] m = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                sock.send(new DatagramPacket(m, m.length, lo, sip.port()));
            }
            byte[] options = ("OPTIONS sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + sock.getLocalPort()
                    + ";branch=z9hG4bKalive\r\nFrom: <sip:x@3402000000>;tag=9\r\nTo: <sip:34020000002000000001@3402000000>\r\nCall-ID: alive\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            sock.setSoTimeout(500);
            String answer = null;
            long deadline = System.currentTimeMillis() + 15_000;
            while (answer == null && System.currentTimeMillis() < deadline) {
                sock.send(new DatagramPacket(options, options.length, lo, sip.port()));
                byte[] buf = new byte[65535];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    while (true) {
                        sock.receive(p);
                        String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                        if (text.contains("Call-ID: alive")) {
                            answer = text;
                            break;
                        }
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // keep asking
                }
            }
            assertNotNull(answer, "the platform answers after 10,000 mutated datagrams");
            assertTrue(answer.startsWith("SIP/2.0 200"), answer);
            System.out.println("live platform after 10000 mutated datagrams: " + sip.malformed() + " did not parse, still answers 200");
        }
    }
}
