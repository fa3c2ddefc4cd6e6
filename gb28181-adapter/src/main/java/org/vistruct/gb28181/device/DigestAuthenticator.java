package org.vistruct.gb28181.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MD5 digest authentication of REGISTER (RFC 2617, as GB/T 28181 uses it). Nonces carry their
 * issue time and a keyed hash of it, so they need no storage and expire ({@code stale=true}).
 */
public final class DigestAuthenticator {
    public enum Result { OK, STALE, WRONG }

    private final byte[] key = new byte[32];
    private final String realm;
    private final long nonceLifetimeMs;

    public DigestAuthenticator(String realm, long nonceLifetimeMs) {
        new SecureRandom().nextBytes(key);
        this.realm = realm;
        this.nonceLifetimeMs = nonceLifetimeMs;
    }

    public String realm() { return realm; }

    public String challenge(boolean stale) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce(System.currentTimeMillis()) + "\", algorithm=MD5" + (stale ? ", stale=true" : "");
    }

    String nonce(long now) {
        String t = Long.toHexString(now);
        return t + hmac(t).substring(0, 24);
    }

    /** Checks Authorization fields against the password; the digest uri is taken as the device sent it. */
    public Result verify(Map<String, String> auth, String method, String password) {
        String nonce = auth.get("nonce"), response = auth.get("response"), username = auth.get("username"), uri = auth.get("uri");
        if (nonce == null || response == null || username == null || uri == null || nonce.length() < 25) return Result.WRONG;
        String t = nonce.substring(0, nonce.length() - 24);
        if (!MessageDigest.isEqual(hmac(t).substring(0, 24).getBytes(StandardCharsets.US_ASCII), nonce.substring(t.length()).getBytes(StandardCharsets.US_ASCII))) {
            return Result.WRONG;
        }
        String ha1 = md5(username + ":" + auth.getOrDefault("realm", realm) + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String qop = auth.get("qop");
        String expected = qop == null ? md5(ha1 + ":" + nonce + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + auth.getOrDefault("nc", "") + ":" + auth.getOrDefault("cnonce", "") + ":" + qop + ":" + ha2);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), response.toLowerCase().getBytes(StandardCharsets.US_ASCII))) return Result.WRONG;
        long issued;
        try {
            issued = Long.parseLong(t, 16);
        } catch (NumberFormatException e) {
            return Result.WRONG;
        }
        return System.currentTimeMillis() - issued > nonceLifetimeMs ? Result.STALE : Result.OK;
    }

    private String hmac(String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
