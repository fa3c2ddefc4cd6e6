package org.vistruct.server.alerts;

import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A webhook subscriber: where alerts are POSTed, the secret they are signed with, and which alerts
 * it wants (empty sets mean all lists and all devices).
 *
 * @param format how alerts are written for it: {@link #FORMAT_WEBHOOK} (signed JSON, the default) or
 *               {@link #FORMAT_VIID} (GA/T 1400 DispositionNotifications, for a disposition's ReceiveAddr)
 */
public record Subscriber(String id, String name, String url, String secret, Set<String> lists, Set<String> devices, String creator, long created, String format) {
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    public static final String FORMAT_WEBHOOK = "webhook", FORMAT_VIID = "viid";

    public Subscriber(String id, String name, String url, String secret, Set<String> lists, Set<String> devices, String creator, long created) {
        this(id, name, url, secret, lists, devices, creator, created, FORMAT_WEBHOOK);
    }

    public Subscriber {
        if (format == null) format = FORMAT_WEBHOOK;
        if (!format.equals(FORMAT_WEBHOOK) && !format.equals(FORMAT_VIID)) throw new IllegalArgumentException("subscriber format must be webhook or viid");
        if (id == null || !ID.matcher(id).matches()) throw new IllegalArgumentException("subscriber id: 1-64 letters, digits, _ or -");
        if (name == null || name.isBlank() || name.length() > 200) throw new IllegalArgumentException("a subscriber needs a name (at most 200 characters)");
        URI u;
        try {
            u = URI.create(url == null ? "" : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: not a URL: " + e.getMessage());
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException("url must be http:// or https:// with a host, was '" + url + "'");
        }
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("secret: at least 16 characters");
        lists = lists == null ? Set.of() : Set.copyOf(lists);
        devices = devices == null ? Set.of() : Set.copyOf(devices);
    }

    public boolean deliversViid() { return FORMAT_VIID.equals(format); }

    public boolean wants(Alert a) {
        return (lists.isEmpty() || lists.contains(a.list())) && (devices.isEmpty() || devices.contains(a.deviceId()));
    }
}
