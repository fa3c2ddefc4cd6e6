package org.vistruct.gb28181.device;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.gb28181.transport.SipPeer;

/**
 * A registered camera, NVR or lower platform. What it said of itself (name, manufacturer, model,
 * channels) is kept across restarts; where it is and whether it is online is live state.
 */
public final class Device {
    private final String id;
    private String name, manufacturer, model, firmware, charset = "auto";
    private String address, transport;
    private long registeredSince, expiresAt, lastKeepalive;
    private boolean online;
    private String registerCallId;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    @JsonIgnore
    private volatile SipPeer peer;

    public Device(String id) { this.id = id; }

    /** What the API shows. */
    public record View(String id, String name, String manufacturer, String model, String firmware, String address, String transport,
                       boolean online, long lastKeepalive, long registeredSince, int channels) {}

    public synchronized View view() {
        return new View(id, name, manufacturer, model, firmware, address, transport, online, lastKeepalive, registeredSince, channels.size());
    }

    public String id() { return id; }

    public SipPeer peer() { return peer; }

    /** Records the REGISTER's Call-ID; returns whether it is new (a reboot or a new session, not a refresh). */
    synchronized boolean newRegistration(String callId) {
        boolean fresh = callId == null || !callId.equals(registerCallId);
        registerCallId = callId;
        return fresh;
    }

    synchronized void registered(SipPeer p, long now, long expiresAt) {
        if (!online || registeredSince == 0) registeredSince = now;
        this.peer = p;
        this.address = p.address().getAddress().getHostAddress() + ":" + p.address().getPort();
        this.transport = p.transport();
        this.expiresAt = expiresAt;
        this.lastKeepalive = now;
        this.online = true;
    }

    /** Returns whether the device came back online with this keepalive. */
    synchronized boolean keepalive(SipPeer p, long now) {
        this.peer = p;
        this.lastKeepalive = now;
        boolean cameBack = !online;
        online = true;
        return cameBack;
    }

    synchronized boolean goOffline() {
        boolean was = online;
        online = false;
        return was;
    }

    synchronized void unregister() {
        online = false;
        expiresAt = 0;
        registeredSince = 0;
    }

    synchronized boolean isOnline() { return online; }

    synchronized boolean isRegistered(long now) { return expiresAt > now; }

    synchronized long lastKeepalive() { return lastKeepalive; }

    synchronized long expiresAt() { return expiresAt; }

    synchronized void info(String name, String manufacturer, String model, String firmware) {
        if (name != null) this.name = name;
        if (manufacturer != null) this.manufacturer = manufacturer;
        if (model != null) this.model = model;
        if (firmware != null) this.firmware = firmware;
    }

    public synchronized List<Channel> channels() { return List.copyOf(channels.values()); }

    /** Puts channels; returns whether anything changed. */
    synchronized boolean putChannels(List<Channel> list, boolean replaceAll) {
        Map<String, Channel> before = new LinkedHashMap<>(channels);
        if (replaceAll) channels.clear();
        for (Channel c : list) channels.put(c.id(), c);
        return !before.equals(channels);
    }

    synchronized boolean removeChannel(String channelId) { return channels.remove(channelId) != null; }

    public synchronized String charset() { return charset; }

    synchronized void charset(String c) { this.charset = c; }

    /** The persisted part. */
    public synchronized Stored stored() {
        return new Stored(id, name, manufacturer, model, firmware, charset, List.copyOf(channels.values()));
    }

    public record Stored(String id, String name, String manufacturer, String model, String firmware, String charset, List<Channel> channels) {}

    public static Device of(Stored s) {
        Device d = new Device(s.id());
        d.info(s.name(), s.manufacturer(), s.model(), s.firmware());
        if (s.charset() != null) d.charset = s.charset();
        if (s.channels() != null) d.putChannels(s.channels(), true);
        return d;
    }
}
