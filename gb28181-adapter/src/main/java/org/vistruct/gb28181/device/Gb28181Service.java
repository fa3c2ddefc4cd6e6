package org.vistruct.gb28181.device;

import org.vistruct.core.DigestAuthenticator;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.gb28181.sip.Responses;
import org.vistruct.gb28181.sip.Sdp;
import org.vistruct.gb28181.sip.SipMessage;
import org.vistruct.gb28181.sip.SipParams;
import org.vistruct.gb28181.sip.Transactions;
import org.vistruct.gb28181.transport.SipInbound;
import org.vistruct.gb28181.transport.SipPeer;
import org.vistruct.gb28181.transport.SipTransport;
import org.w3c.dom.Element;

/**
 * The platform side of GB/T 28181 device access: registration with digest, keepalives and
 * online state, catalogs, device information and status. Requests to a device leave from the
 * socket or connection it registered through.
 */
public final class Gb28181Service implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gb28181Service.class);
    private static final DateTimeFormatter GB_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final long CATALOG_STALE_MS = 30_000;

    private final Gb28181Settings settings;
    private final SipTransport transport;
    private final Transactions tx;
    private final DeviceRegistry registry;
    private final DigestAuthenticator auth;
    private final CatalogCollector catalogs = new CatalogCollector();
    private final AtomicLong sn = new AtomicLong(ThreadLocalRandom.current().nextInt(1, 100_000));
    private final AtomicLong cseq = new AtomicLong(1);
    private final SsrcAllocator ssrcs;
    private final RecordInfoQueries recordInfo = new RecordInfoQueries();
    /** Told when a device reports the end of a playback (MediaStatus 121), by device id. */
    private volatile java.util.function.Consumer<String> mediaEnded = id -> { };
    /** Told when a device ends a dialog with BYE (by Call-ID), and when a device comes online (by device id). */
    private volatile java.util.function.Consumer<String> dialogEnded = id -> { }, online = id -> { };
    /** Counters for metrics and the benchmark. */
    public final LongAdder registrations = new LongAdder(), keepalives = new LongAdder(), refused = new LongAdder();

    public Gb28181Service(Gb28181Settings settings, DeviceStore store) throws IOException, InterruptedException {
        this.settings = settings;
        this.registry = new DeviceRegistry(store);
        this.auth = new DigestAuthenticator(settings.domain(), 300_000);
        this.ssrcs = new SsrcAllocator(settings.domain());
        this.transport = new SipTransport(settings.bind(), settings.port(), this::onInbound);
        this.tx = new Transactions(transport.loop());
        transport.loop().scheduleWithFixedDelay(this::checkTimers, 1, 1, TimeUnit.SECONDS);
        log.info("GB/T 28181 platform {} (domain {}) listening on {}:{} UDP and TCP", settings.serverId(), settings.domain(), settings.bind(), port());
    }

    public int port() { return transport.port(); }

    public Collection<Device> devices() { return registry.all(); }

    public Device device(String id) { return registry.get(id); }

    public long malformed() { return transport.malformed(); }

    void onInbound(SipInbound in) {
        SipMessage m = in.message();
        if (!m.isRequest()) {
            tx.responseArrived(m);
            return;
        }
        if (m.method().equals("ACK") || tx.answerRetransmission(m, in.peer())) return;
        switch (m.method()) {
            case "REGISTER" -> register(in);
            case "MESSAGE" -> message(in);
            case "BYE" -> {
                tx.respond(m, Responses.to(m, 200, "OK"), in.peer());
                dialogEnded.accept(m.callId());
            }
            case "OPTIONS", "CANCEL", "INFO", "NOTIFY", "SUBSCRIBE" -> tx.respond(m, Responses.to(m, 200, "OK"), in.peer());
            default -> {
                SipMessage r = Responses.to(m, 405, "Method Not Allowed");
                r.add("Allow", "REGISTER, MESSAGE, OPTIONS, BYE, CANCEL, ACK, INFO, NOTIFY, SUBSCRIBE");
                tx.respond(m, r, in.peer());
            }
        }
    }

    private void register(SipInbound in) {
        SipMessage m = in.message();
        String id = SipParams.user(m.header("From"));
        if (id == null) id = SipParams.user(m.header("To"));
        if (id == null || !id.matches("[0-9A-Za-z_-]{1,32}")) {
            refuse(in, 400, "Bad Request", "REGISTER without a device id in From");
            return;
        }
        if (!settings.allowUnknown() && !settings.passwords().containsKey(id)) {
            refuse(in, 403, "Forbidden", "device " + id + " is not configured and unknown devices are refused");
            return;
        }
        String authorization = m.header("Authorization");
        if (authorization == null) {
            SipMessage r = Responses.to(m, 401, "Unauthorized");
            r.add("WWW-Authenticate", auth.challenge(false));
            tx.respond(m, r, in.peer());
            return;
        }
        String password = settings.passwords().getOrDefault(id, settings.defaultPassword());
        switch (auth.verify(SipParams.digest(authorization), "REGISTER", password)) {
            case WRONG -> {
                refuse(in, 403, "Forbidden", "device " + id + " from " + in.peer() + " gave a wrong password");
                return;
            }
            case STALE -> {
                SipMessage r = Responses.to(m, 401, "Unauthorized");
                r.add("WWW-Authenticate", auth.challenge(true));
                tx.respond(m, r, in.peer());
                return;
            }
            case OK -> { }
        }
        int expires = expires(m);
        Device d = registry.getOrCreate(id);
        SipMessage ok = Responses.to(m, 200, "OK");
        ok.add("Date", LocalDateTime.now(settings.zone()).format(GB_DATE)); // devices set their clocks by it: the platform's zone, not the JVM's
        ok.add("Expires", Integer.toString(expires));
        if (m.header("Contact") != null) ok.add("Contact", m.header("Contact"));
        tx.respond(m, ok, in.peer());
        if (expires == 0) {
            d.unregister();
            log.info("device {} unregistered ({})", id, in.peer());
            return;
        }
        boolean wasOnline = d.isOnline(), fresh = d.newRegistration(m.callId());
        long now = System.currentTimeMillis();
        d.registered(in.peer(), now, now + expires * 1000L);
        String override = settings.charsets().get(id);
        if (override != null) d.charset(override);
        registry.changed(d);
        registrations.increment();
        if (!wasOnline || fresh) {
            // a device coming online, or rebooted (a REGISTER with a new Call-ID): ask what it is and has
            log.info("device {} registered from {} for {} s", id, in.peer(), expires);
            online.accept(id);
            // one question at a time: small devices handle them in turn
            query(d, "DeviceInfo").whenComplete((r, e) -> query(d, "Catalog"));
        }
    }

    private int expires(SipMessage m) {
        String e = m.header("Expires");
        if (e == null) e = SipParams.param(m.header("Contact"), "expires");
        try {
            return e == null ? 3600 : Math.max(0, Math.min(settings.maxExpiresS(), Integer.parseInt(e.trim())));
        } catch (NumberFormatException bad) {
            return 3600;
        }
    }

    private void message(SipInbound in) {
        SipMessage m = in.message();
        String id = SipParams.user(m.header("From"));
        Device d = id == null ? null : registry.get(id);
        if (d == null || !d.isRegistered(System.currentTimeMillis())) {
            refuse(in, 403, "Forbidden", "MESSAGE from unregistered device " + id + " (" + in.peer() + ")");
            return;
        }
        Manscdp.Body body;
        try {
            body = Manscdp.parse(m.body(), d.charset());
        } catch (Exception e) {
            refuse(in, 400, "Bad Request", "device " + id + " sent a MANSCDP body that does not parse: " + e.getMessage());
            return;
        }
        tx.respond(m, Responses.to(m, 200, "OK"), in.peer()); // 200 first; any answer is a separate MESSAGE
        String cmd = body.text("CmdType");
        if (cmd == null) return;
        switch (body.root() + "/" + cmd) {
            case "Notify/Keepalive" -> {
                keepalives.increment();
                if (d.keepalive(in.peer(), System.currentTimeMillis())) {
                    log.info("device {} is online again", id);
                    online.accept(id);
                }
            }
            case "Response/Catalog" -> catalogPage(d, body);
            case "Notify/Catalog" -> catalogNotify(d, body);
            case "Response/DeviceInfo" -> {
                d.info(body.text("DeviceName"), body.text("Manufacturer"), body.text("Model"), body.text("Firmware"));
                registry.changed(d);
            }
            case "Response/RecordInfo" -> {
                int sumNum;
                try {
                    sumNum = Integer.parseInt(body.text("SumNum"));
                } catch (RuntimeException e) {
                    sumNum = -1;
                }
                List<RecordFile> files = new ArrayList<>();
                for (Element item : body.items("RecordList")) {
                    files.add(new RecordFile(text(item, "DeviceID"), text(item, "Name"), text(item, "FilePath"), text(item, "StartTime"), text(item, "EndTime"), text(item, "Type")));
                }
                recordInfo.page(body.text("SN"), sumNum, files);
            }
            case "Notify/MediaStatus" -> {
                if ("121".equals(body.text("NotifyType"))) mediaEnded.accept(id);
            }
            case "Response/DeviceStatus" -> {
                String online = body.text("Online");
                if (online != null && online.equalsIgnoreCase("OFFLINE") && d.goOffline()) log.info("device {} reports itself offline", id);
            }
            default -> log.debug("device {}: {}/{} not handled", id, body.root(), cmd);
        }
    }

    private void catalogPage(Device d, Manscdp.Body body) {
        int sumNum;
        try {
            sumNum = Integer.parseInt(body.text("SumNum"));
        } catch (RuntimeException e) {
            sumNum = -1;
        }
        List<Channel> page = channels(d, body);
        List<Channel> whole = catalogs.add(d.id(), body.text("SN"), sumNum, page);
        if (whole != null && d.putChannels(whole, true)) {
            registry.changed(d);
            log.info("device {}: catalog changed, {} channels", d.id(), whole.size());
        }
    }

    private void catalogNotify(Device d, Manscdp.Body body) {
        boolean changed = false;
        for (Element item : body.items("DeviceList")) {
            Channel c = channel(d, item);
            if (c == null) continue;
            String event = text(item, "Event");
            if (event != null && (event.equalsIgnoreCase("DEL") || event.equalsIgnoreCase("DELETE"))) changed |= d.removeChannel(c.id());
            else changed |= d.putChannels(List.of(c), false);
        }
        if (changed) {
            registry.changed(d);
            log.info("device {}: catalog changed by notification", d.id());
        }
    }

    private List<Channel> channels(Device d, Manscdp.Body body) {
        List<Channel> out = new ArrayList<>();
        for (Element item : body.items("DeviceList")) {
            Channel c = channel(d, item);
            if (c != null) out.add(c);
        }
        return out;
    }

    /** A catalog item as a channel; ParentIDs that name the domain or the platform (some NVRs do) mean the device itself. */
    private Channel channel(Device d, Element item) {
        String id = text(item, "DeviceID");
        if (id == null || id.isBlank() || id.equals(d.id())) return null;
        String parent = text(item, "ParentID");
        if (parent == null || parent.isBlank() || parent.equals(settings.domain()) || parent.equals(settings.serverId()) || parent.matches("\\d{1,10}")) parent = d.id();
        Double lon = degrees(text(item, "Longitude"), 180), lat = degrees(text(item, "Latitude"), 90);
        if (lon == null || lat == null || (lon == 0 && lat == 0)) lon = lat = null; // devices send 0,0 (or nothing) for "not set"
        return new Channel(id, text(item, "Name"), text(item, "Manufacturer"), text(item, "Model"), text(item, "Status"), parent,
                text(item, "CivilCode"), text(item, "Address"), lon, lat);
    }

    /** A catalog's degrees, or null when absent, not a number or out of range (logged by the caller's device as a bad item is not). */
    static Double degrees(String text, double bound) {
        if (text == null || text.isBlank()) return null;
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isFinite(v) && Math.abs(v) <= bound ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Element e, String tag) {
        var n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
    }

    public void onMediaEnded(java.util.function.Consumer<String> listener) { this.mediaEnded = listener; }

    public void onDialogEnded(java.util.function.Consumer<String> listener) { this.dialogEnded = listener; }

    public void onOnline(java.util.function.Consumer<String> listener) { this.online = listener; }

    /**
     * The recordings of a channel between two local times (yyyy-MM-ddTHH:mm:ss), gathered over
     * however many pages the device sends; what arrived is returned after 30 s even if short.
     */
    public CompletableFuture<List<RecordFile>> recordInfo(Device d, String channelId, String start, String end) {
        long n = sn.getAndIncrement();
        String xml = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Query>\r\n<CmdType>RecordInfo</CmdType>\r\n<SN>" + n + "</SN>\r\n<DeviceID>"
                + channelId + "</DeviceID>\r\n<StartTime>" + start + "</StartTime>\r\n<EndTime>" + end + "</EndTime>\r\n<Secrecy>0</Secrecy>\r\n<Type>all</Type>\r\n</Query>\r\n";
        CompletableFuture<List<RecordFile>> result = recordInfo.expect(Long.toString(n));
        send(d, java.nio.charset.Charset.forName("GB18030").encode(xml).array(), "RecordInfo").whenComplete((r, e) -> {
            if (e != null) result.completeExceptionally(e);
            else if (r.status() >= 300) result.completeExceptionally(new IllegalStateException("device " + d.id() + " answered RecordInfo " + r.status()));
        });
        return result.completeOnTimeout(null, 30, TimeUnit.SECONDS).thenApply(list -> list != null ? list : recordInfo.abandon(Long.toString(n)));
    }

    /** Asks a device (Catalog, DeviceInfo, DeviceStatus); completes with its 200, the answer follows as a MESSAGE. */
    public CompletableFuture<SipMessage> query(Device d, String cmdType) {
        return send(d, Manscdp.query(cmdType, sn.getAndIncrement(), d.id()), cmdType);
    }

    private CompletableFuture<SipMessage> send(Device d, byte[] xml, String cmdType) {
        SipPeer peer = d.peer();
        if (peer == null) return CompletableFuture.failedFuture(new IllegalStateException("device " + d.id() + " has not registered"));
        SipMessage q = SipMessage.request("MESSAGE", "sip:" + d.id() + "@" + peer.address().getAddress().getHostAddress() + ":" + peer.address().getPort());
        q.add("Via", "SIP/2.0/" + peer.transport() + " " + peer.localHostPort() + ";rport;branch=" + tx.newBranch());
        q.add("From", "<sip:" + settings.serverId() + "@" + settings.domain() + ">;tag=" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
        q.add("To", "<sip:" + d.id() + "@" + settings.domain() + ">");
        q.add("Call-ID", Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@" + settings.domain());
        q.add("CSeq", cseq.getAndIncrement() + " MESSAGE");
        q.add("Max-Forwards", "70");
        q.add("User-Agent", "vistruct");
        q.body(java.util.Arrays.copyOf(xml, trimmedLength(xml)), Manscdp.CONTENT_TYPE);
        return tx.request(q, peer).whenComplete((r, e) -> {
            if (e != null) log.warn("device {}: {} query failed: {}", d.id(), cmdType, e.getMessage());
            else if (r.status() >= 300) log.warn("device {}: {} query answered {} {}", d.id(), cmdType, r.status(), r.reason());
        });
    }

    public SsrcAllocator ssrcs() { return ssrcs; }

    /**
     * Asks a device for a channel's stream; completes with the dialog once the device answered 200
     * (and was sent its ACK), or fails with a reason naming the device. 1xx answers just wait.
     */
    public CompletableFuture<MediaDialog> invite(Device d, String channelId, MediaOffer offer) {
        SipPeer peer = d.peer();
        if (peer == null || !d.isOnline()) return CompletableFuture.failedFuture(new IllegalStateException("device " + d.id() + " is offline"));
        String uri = "sip:" + channelId + "@" + peer.address().getAddress().getHostAddress() + ":" + peer.address().getPort();
        String from = "<sip:" + settings.serverId() + "@" + settings.domain() + ">;tag=" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        String callId = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@" + settings.domain();
        long n = cseq.getAndIncrement();
        SipMessage inv = SipMessage.request("INVITE", uri);
        inv.add("Via", "SIP/2.0/" + peer.transport() + " " + peer.localHostPort() + ";rport;branch=" + tx.newBranch());
        inv.add("From", from);
        inv.add("To", "<sip:" + channelId + "@" + settings.domain() + ">");
        inv.add("Call-ID", callId);
        inv.add("CSeq", n + " INVITE");
        inv.add("Contact", "<sip:" + settings.serverId() + "@" + peer.localHostPort() + ">");
        inv.add("Subject", channelId + ":" + offer.ssrc() + "," + settings.serverId() + ":0");
        inv.add("Max-Forwards", "70");
        inv.add("User-Agent", "vistruct");
        inv.body(offer.sdp(settings.serverId()).getBytes(java.nio.charset.StandardCharsets.US_ASCII), "APPLICATION/SDP");
        log.info("INVITE {} channel {}: {} media to {}:{} ssrc {}", d.id(), channelId, offer.transport(), offer.mediaIp(), offer.mediaPort(), offer.ssrc());
        return tx.request(inv, peer).thenApply(res -> {
            if (res.status() >= 300) throw new IllegalStateException("device " + d.id() + " refused channel " + channelId + ": " + res.status() + " " + res.reason());
            SipMessage ack = SipMessage.request("ACK", uri);
            ack.add("Via", "SIP/2.0/" + peer.transport() + " " + peer.localHostPort() + ";rport;branch=" + tx.newBranch());
            ack.add("From", from);
            ack.add("To", res.header("To"));
            ack.add("Call-ID", callId);
            ack.add("CSeq", n + " ACK");
            ack.add("Max-Forwards", "70");
            peer.send(ack);
            MediaDialog dialog = new MediaDialog(d, channelId, callId, from, res.header("To"), uri, n, offer.ssrc(), Sdp.parse(res.body()));
            String unusable = unusable(offer, dialog.answer());
            if (unusable != null) {
                bye(dialog); // accepted, but no media can flow: end the dialog at once and say why
                throw new IllegalStateException("device " + d.id() + " answered channel " + channelId + " with " + unusable);
            }
            return dialog;
        });
    }

    /** Why an SDP answer cannot carry the offered stream, or null when it can. */
    static String unusable(MediaOffer offer, Sdp answer) {
        if (answer.port() == 0) return "port 0: it refuses the stream (RFC 3264)";
        if (offer.transport().equals("TCP_ACTIVE")) {
            if (answer.port() < 0 || answer.address() == null) return "no address to connect to for TCP active";
            if ("active".equalsIgnoreCase(answer.attribute("setup"))) return "setup:active while the platform is active too: nobody would listen";
        }
        return null;
    }

    /** Ends a stream's dialog. */
    public CompletableFuture<SipMessage> bye(MediaDialog dialog) {
        SipPeer peer = dialog.device().peer();
        if (peer == null) return CompletableFuture.failedFuture(new IllegalStateException("device " + dialog.device().id() + " has no address"));
        SipMessage bye = SipMessage.request("BYE", dialog.requestUri());
        bye.add("Via", "SIP/2.0/" + peer.transport() + " " + peer.localHostPort() + ";rport;branch=" + tx.newBranch());
        bye.add("From", dialog.fromHeader());
        bye.add("To", dialog.toHeader());
        bye.add("Call-ID", dialog.callId());
        bye.add("CSeq", (dialog.cseq() + 1) + " BYE");
        bye.add("Max-Forwards", "70");
        return tx.request(bye, peer);
    }

    /** A Charset.encode array may end with unused capacity: the XML ends at its last non-zero byte. */
    private static int trimmedLength(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) n--;
        return n;
    }

    private void refuse(SipInbound in, int status, String reason, String why) {
        refused.increment();
        log.info("{}: {}", why, status);
        tx.respond(in.message(), Responses.to(in.message(), status, reason), in.peer());
    }

    private void checkTimers() {
        long now = System.currentTimeMillis();
        for (Device d : registry.all()) {
            if (!d.isOnline()) continue;
            if (!d.isRegistered(now)) {
                if (d.goOffline()) log.info("device {}: registration expired, offline", d.id());
            } else if (now - d.lastKeepalive() > settings.keepaliveTimeoutMs()) {
                if (d.goOffline()) log.info("device {}: no keepalive for {} s, offline", d.id(), (now - d.lastKeepalive()) / 1000);
            }
        }
        catalogs.expire(CATALOG_STALE_MS).forEach((id, channels) -> {
            Device d = registry.get(id);
            if (d != null && !channels.isEmpty() && d.putChannels(channels, true)) {
                registry.changed(d);
                log.warn("device {}: catalog incomplete after {} s, kept {} channels", id, CATALOG_STALE_MS / 1000, channels.size());
            }
        });
    }

    @Override
    public void close() {
        transport.close();
        registry.close();
    }

}
