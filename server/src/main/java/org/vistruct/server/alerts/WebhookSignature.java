package org.vistruct.server.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How webhook bodies are signed: {@code X-Vistruct-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + body)>} with the Unix seconds in {@code X-Vistruct-Timestamp}, so a receiver
 * can refuse both forged bodies and old ones replayed.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Vistruct-Signature";
    public static final String TIMESTAMP_HEADER = "X-Vistruct-Timestamp";
    public static final String ALERT_ID_HEADER = "X-Vistruct-Alert-Id";

    private WebhookSignature() {}

    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    /** What a receiver does: constant-time comparison of the header with the expected signature. */
    public static boolean verify(String secret, String timestampHeader, byte[] body, String signatureHeader) {
        if (timestampHeader == null || signatureHeader == null) return false;
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII), signatureHeader.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
