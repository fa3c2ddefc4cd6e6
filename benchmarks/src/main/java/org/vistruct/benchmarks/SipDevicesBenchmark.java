package org.vistruct.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.vistruct.gb28181.device.Gb28181Service;
import org.vistruct.gb28181.device.Gb28181Settings;
import org.vistruct.gb28181.sip.SipCodec;
import org.vistruct.gb28181.sip.SipMessage;
import org.vistruct.gb28181.sip.SipParams;
import org.vistruct.gb28181.transport.SipTransport;

/**
 * GB/T 28181 device access at scale, over loopback UDP: N simulated devices (default 2,000), each
 * with its own socket, register with MD5 digest (REGISTER, 401, REGISTER, 200) and answer the
 * platform's queries; then they keep alive at a fixed total rate for a while. Prints
 * registrations/s, keepalives/s and the CPU the platform's SIP thread used, as a share of one core,
 * and what that means for 10,000 devices keeping alive every 60 s.
 *
 * <p>Usage: SipDevicesBenchmark [devices] [keepalives per second] [seconds]
 */
public final class SipDevicesBenchmark {
    private SipDevicesBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dir = Files.createTempDirectory("sip-bench");
        Gb28181Settings s = new Gb28181Settings("127.0.0.1", 0, "34020000002000000001", "3402000000", "12345678", Map.of(), true, 600_000, 3600, Map.of());
        try (Gb28181Service platform = new Gb28181Service(s, org.vistruct.gb28181.device.DeviceStore.inMemory()); Selector selector = Selector.open()) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", platform.port());
            DatagramChannel[] sockets = new DatagramChannel[n];
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
                sockets[i].configureBlocking(false);
                sockets[i].register(selector, SelectionKey.OP_READ, i);
                ids[i] = String.format("340200000013200%05d", i);
            }
            AtomicInteger registered = new AtomicInteger();
            AtomicLong keepaliveOk = new AtomicLong();
            CountDownLatch allRegistered = new CountDownLatch(n);
            Map<Integer, Boolean> done = new ConcurrentHashMap<>();
            Thread receiver = Thread.ofPlatform().name("devices").start(() -> {
                ByteBuffer buf = ByteBuffer.allocate(65536);
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (selector.select(200) == 0) continue;
                        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                            SelectionKey k = it.next();
                            it.remove();
                            int i = (Integer) k.attachment();
                            DatagramChannel ch = (DatagramChannel) k.channel();
                            buf.clear();
                            if (ch.receive(buf) == null) continue;
                            buf.flip();
                            byte[] bytes = new byte[buf.remaining()];
                            buf.get(bytes);
                            SipMessage m = SipCodec.parse(bytes, 0, bytes.length);
                            if (m.isRequest()) { // the platform's DeviceInfo and Catalog queries: 200, nothing more
                                send(ch, server, ok(m));
                            } else if ("REGISTER".equals(m.cseqMethod()) && m.status() == 401) {
                                send(ch, server, register(ids[i], ch, 2, SipParams.digest(m.header("WWW-Authenticate")).get("nonce")));
                            } else if ("REGISTER".equals(m.cseqMethod()) && m.status() == 200 && done.putIfAbsent(i, true) == null) {
                                registered.incrementAndGet();
                                allRegistered.countDown();
                            } else if ("MESSAGE".equals(m.cseqMethod()) && m.status() == 200) {
                                keepaliveOk.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    if (!Thread.currentThread().isInterrupted()) e.printStackTrace();
                }
            });
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = sipCpuNanos(threads), t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                send(sockets[i], server, register(ids[i], sockets[i], 1, null));
                if (i % 200 == 199) Thread.sleep(5); // the pace of a power-on storm, not a single burst into a full socket buffer
            }
            if (!allRegistered.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("only " + registered.get() + " of " + n + " registered");
            double regSeconds = (System.nanoTime() - t0) / 1e9, regCpu = (sipCpuNanos(threads) - cpu0) / 1e9;
            Thread.sleep(3000); // let the query round (DeviceInfo, Catalog) settle
            long cpu1 = sipCpuNanos(threads), t1 = System.nanoTime(), sent = 0;
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            int sn = 0;
            while (System.nanoTime() - t1 < seconds * 1_000_000_000L) {
                int i = (int) (sent % n);
                send(sockets[i], server, keepalive(ids[i], sockets[i], 10 + sn++));
                sent++;
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            }
            Thread.sleep(1000);
            double kaSeconds = (System.nanoTime() - t1) / 1e9 - 1, kaCpu = (sipCpuNanos(threads) - cpu1) / 1e9;
            receiver.interrupt();
            receiver.join(2000);
            double share = kaCpu / kaSeconds, perKeepalive = kaCpu / keepaliveOk.get();
            System.out.printf("devices %d: registered with digest in %.2f s (%.0f registrations/s), SIP thread CPU %.2f s%n", n, regSeconds, n / regSeconds, regCpu);
            System.out.printf("keepalives: %d sent at %d/s for %d s, %d answered 200 (%.0f/s), SIP thread CPU %.1f %% of one core (%.1f µs per keepalive)%n",
                    sent, rate, seconds, keepaliveOk.get(), keepaliveOk.get() / kaSeconds, 100 * share, perKeepalive * 1e6);
            System.out.printf("10,000 devices keeping alive every 60 s (167/s) would take %.2f %% of one core%n", 100 * perKeepalive * 10_000 / 60);
            for (DatagramChannel c : sockets) c.close();
        }
    }

    private static long sipCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(SipTransport.THREAD_PREFIX)) sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
        }
        return sum;
    }

    private static void send(DatagramChannel ch, InetSocketAddress to, SipMessage m) throws java.io.IOException {
        ch.send(ByteBuffer.wrap(SipCodec.encode(m)), to);
    }

    private static String local(DatagramChannel ch) throws java.io.IOException {
        InetSocketAddress a = (InetSocketAddress) ch.getLocalAddress();
        return "127.0.0.1:" + a.getPort();
    }

    private static SipMessage register(String id, DatagramChannel ch, int cseq, String nonce) throws Exception {
        SipMessage m = SipMessage.request("REGISTER", "sip:34020000002000000001@3402000000");
        m.add("Via", "SIP/2.0/UDP " + local(ch) + ";rport;branch=z9hG4bK" + id + "r" + cseq);
        m.add("From", "<sip:" + id + "@3402000000>;tag=" + id);
        m.add("To", "<sip:" + id + "@3402000000>");
        m.add("Call-ID", "reg-" + id);
        m.add("CSeq", cseq + " REGISTER");
        m.add("Contact", "<sip:" + id + "@" + local(ch) + ">");
        m.add("Expires", "3600");
        if (nonce != null) {
            String uri = "sip:34020000002000000001@3402000000";
            String response = md5(md5(id + ":3402000000:12345678") + ":" + nonce + ":" + md5("REGISTER:" + uri));
            m.add("Authorization", "Digest username=\"" + id + "\", realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5");
        }
        return m;
    }

    private static SipMessage keepalive(String id, DatagramChannel ch, int sn) throws Exception {
        SipMessage m = SipMessage.request("MESSAGE", "sip:34020000002000000001@3402000000");
        m.add("Via", "SIP/2.0/UDP " + local(ch) + ";rport;branch=z9hG4bK" + id + "k" + sn);
        m.add("From", "<sip:" + id + "@3402000000>;tag=" + id);
        m.add("To", "<sip:34020000002000000001@3402000000>");
        m.add("Call-ID", "ka-" + id + "-" + sn);
        m.add("CSeq", sn + " MESSAGE");
        m.body(("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>" + sn + "</SN>\r\n<DeviceID>" + id
                + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n").getBytes(StandardCharsets.US_ASCII), "Application/MANSCDP+xml");
        return m;
    }

    private static SipMessage ok(SipMessage req) {
        return org.vistruct.gb28181.sip.Responses.to(req, 200, "OK");
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
