package org.vistruct.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MD5 digest authentication (RFC 2617) as GB/T 28181 uses it for REGISTER and GA/T 1400 for
 * System/Register, both sides. Nonces carry their issue time and a keyed hash of it, so they need
 * no storage and expire ({@code stale=true}). The response is computed over the uri and nc exactly
 * as the client sent them (quoted or not, padded or not, a path or a full URL).
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

    /** A WWW-Authenticate value without qop (GB/T 28181 devices expect this form). */
    public String challenge(boolean stale) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce(System.currentTimeMillis()) + "\", algorithm=MD5" + (stale ? ", stale=true" : "");
    }

    /** A WWW-Authenticate value with qop="auth" and an opaque (GA/T 1400 peers expect this form). */
    public String challengeWithQop(boolean stale) {
        String n = nonce(System.currentTimeMillis());
        return "Digest realm=\"" + realm + "\", qop=\"auth\", nonce=\"" + n + "\", opaque=\"" + hmac("opaque" + n).substring(0, 16) + "\", algorithm=MD5"
                + (stale ? ", stale=true" : "");
    }

    String nonce(long now) {
        String t = Long.toHexString(now);
        return t + hmac(t).substring(0, 24);
    }

    /** Checks Authorization fields against the password; the digest uri is taken as the client sent it. */
    public Result verify(Map<String, String> auth, String method, String password) {
        String nonce = auth.get("nonce"), response = auth.get("response"), username = auth.get("username"), uri = auth.get("uri");
        if (nonce == null || response == null || username == null || uri == null || nonce.length() < 25 || nonce.length() > 64) return Result.WRONG;
        String t = nonce.substring(0, nonce.length() - 24);
        if (!MessageDigest.isEqual(hmac(t).substring(0, 24).getBytes(StandardCharsets.US_ASCII), nonce.substring(t.length()).getBytes(StandardCharsets.US_ASCII))) {
            return Result.WRONG;
        }
        String expected = response(username, auth.getOrDefault("realm", realm), password, method, uri, nonce, auth.get("qop"), auth.getOrDefault("nc", ""),
                auth.getOrDefault("cnonce", ""));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) return Result.WRONG;
        long issued;
        try {
            issued = Long.parseLong(t, 16);
        } catch (NumberFormatException e) {
            return Result.WRONG;
        }
        return System.currentTimeMillis() - issued > nonceLifetimeMs ? Result.STALE : Result.OK;
    }

    /** The response value of RFC 2617 (with qop "auth" when qop is given, else the RFC 2069 form). */
    public static String response(String username, String realm, String password, String method, String uri, String nonce, String qop, String nc, String cnonce) {
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        return qop == null ? md5(ha1 + ":" + nonce + ":" + ha2) : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /**
     * The client side: an Authorization value answering a challenge (its fields parsed by
     * {@link #fields}), with qop "auth" when the challenge offers it.
     *
     * @param nc the request count under this nonce, 1 for the first
     */
    public static String authorization(Map<String, String> challenge, String username, String password, String method, String uri, int nc) {
        String realm = challenge.getOrDefault("realm", ""), nonce = challenge.getOrDefault("nonce", "");
        String qop = challenge.get("qop");
        boolean auth = qop != null && java.util.Arrays.stream(qop.split(",")).anyMatch(q -> q.trim().equalsIgnoreCase("auth"));
        StringBuilder b = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"").append(realm).append("\", nonce=\"").append(nonce)
                .append("\", uri=\"").append(uri).append('"');
        if (auth) {
            String ncs = String.format("%08x", nc);
            byte[] c = new byte[8];
            new SecureRandom().nextBytes(c);
            String cnonce = HexFormat.of().formatHex(c);
            b.append(", qop=auth, nc=").append(ncs).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(response(username, realm, password, method, uri, nonce, "auth", ncs, cnonce)).append('"');
        } else {
            b.append(", response=\"").append(response(username, realm, password, method, uri, nonce, null, null, null)).append('"');
        }
        b.append(", algorithm=MD5");
        if (challenge.containsKey("opaque")) b.append(", opaque=\"").append(challenge.get("opaque")).append('"');
        return b.toString();
    }

    /**
     * The fields of a Digest header value (WWW-Authenticate or Authorization), names in lower case:
     * quoted or bare values, any spacing around commas. Malformed rest is dropped, never thrown.
     */
    public static Map<String, String> fields(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) return out;
        String v = value.trim();
        if (v.regionMatches(true, 0, "Digest", 0, 6)) v = v.substring(6);
        int i = 0;
        while (i < v.length() && out.size() < 32) {
            while (i < v.length() && (v.charAt(i) == ',' || Character.isWhitespace(v.charAt(i)))) i++;
            int eq = v.indexOf('=', i);
            if (eq < 0) break;
            String name = v.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < v.length() && v.charAt(j) == ' ') j++;
            String val;
            if (j < v.length() && v.charAt(j) == '"') {
                int close = v.indexOf('"', j + 1);
                if (close < 0) break;
                val = v.substring(j + 1, close);
                i = close + 1;
            } else {
                int comma = v.indexOf(',', j);
                val = v.substring(j, comma < 0 ? v.length() : comma).trim();
                i = comma < 0 ? v.length() : comma;
            }
            out.put(name, val);
        }
        return out;
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
