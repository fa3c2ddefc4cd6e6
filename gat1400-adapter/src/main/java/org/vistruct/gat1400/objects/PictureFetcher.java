package org.vistruct.gat1400.objects;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidStatus;

/**
 * Fetches a picture a sender gave as a StoragePath URL, but only from the hosts the configuration
 * allows (host or host:port, no wildcards): a pushed URL must never make vistruct reach an
 * arbitrary address (cloud metadata, the admin port of a neighbour). Redirects are not followed,
 * the size is bounded while reading, and the whole fetch has a deadline.
 */
public final class PictureFetcher {
    private final Set<String> allowed;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param allowedHosts host or host:port entries (case-insensitive); empty: no URL is fetched
     */
    public PictureFetcher(Set<String> allowedHosts, long maxBytes, Duration timeout) {
        this.allowed = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether a URL would be fetched (checked before any connection is made). */
    public URI check(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new ObjectError("StoragePath is not a URL: '" + ViidJson.clip(url) + "'");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new ObjectError("StoragePath must be http:// or https://, was '" + ViidJson.clip(url) + "'");
        if (u.getRawUserInfo() != null) throw new ObjectError("StoragePath must not carry user information");
        String host = u.getHost() == null ? null : u.getHost().toLowerCase(Locale.ROOT);
        if (host == null) throw new ObjectError("StoragePath has no host: '" + ViidJson.clip(url) + "'");
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        if (!allowed.contains(host) && !allowed.contains(host + ":" + port)) {
            throw new ObjectError(ViidStatus.INVALID_OPERATION, "StoragePath host " + host + ":" + port
                    + " is not in gat1400.fetch-hosts; send the picture as Data or ask the operator to allow the host");
        }
        return u;
    }

    /** The picture's bytes; an ObjectError naming the failure otherwise. */
    public byte[] fetch(String url) {
        URI u = check(url);
        HttpRequest req = HttpRequest.newBuilder(u).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) throw new ObjectError(ViidStatus.DEVICE_ERROR, "StoragePath answered HTTP " + res.statusCode());
                long declared = res.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) throw new ObjectError("StoragePath picture is " + declared + " bytes, more than " + maxBytes);
                byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (b.length > maxBytes) throw new ObjectError("StoragePath picture is more than " + maxBytes + " bytes");
                return b;
            }
        } catch (IOException e) {
            throw new ObjectError(ViidStatus.DEVICE_ERROR, "StoragePath could not be fetched: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + ViidJson.clip(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectError(ViidStatus.DEVICE_BUSY, "interrupted while fetching StoragePath");
        }
    }
}
