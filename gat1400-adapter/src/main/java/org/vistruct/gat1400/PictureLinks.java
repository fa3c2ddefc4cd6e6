package org.vistruct.gat1400;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * StoragePath URLs of vistruct's pictures for GA/T 1400 peers: {@code <public URL>/VIID/Pictures/<key>?sig=…},
 * signed with a secret of this installation, so a peer (or a browser it hands the URL to) fetches
 * the picture without an account, and nobody can make a URL for a picture he was not given.
 */
public final class PictureLinks {
    public static final String PATH = "/VIID/Pictures/";
    private final byte[] secret;
    private volatile String base;

    /** @param base the server's address as peers reach it, or null while unknown (no URLs are given) */
    public PictureLinks(byte[] secret, String base) {
        if (secret.length < 16) throw new IllegalArgumentException("picture link secret: at least 16 bytes");
        this.secret = secret.clone();
        this.base = base;
    }

    public void base(String url) { this.base = url == null ? null : url.endsWith("/") ? url.substring(0, url.length() - 1) : url; }

    /** The URL of a picture, or null when the server's address is not known. */
    public String url(String key) {
        String b = base;
        return b == null ? null : b + PATH + key + "?sig=" + sign(key);
    }

    public boolean verify(String key, String sig) {
        return sig != null && MessageDigest.isEqual(sign(key).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
    }

    String sign(String key) {
        Mac mac = macs.get(); // one per thread: looking the algorithm up and keying it cost more than the HMAC of a key
        return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
