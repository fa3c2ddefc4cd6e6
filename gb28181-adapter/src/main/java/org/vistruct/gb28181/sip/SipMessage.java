package org.vistruct.gb28181.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SIP request or response: start line, headers in order (names canonical, compact forms
 * expanded), body bytes. Mutable while it is being built; treat received messages as read-only.
 */
public final class SipMessage {
    public record Header(String name, String value) {}

    private final String method, uri, reason;
    private final int status;
    private final List<Header> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private SipMessage(String method, String uri, int status, String reason) {
        this.method = method;
        this.uri = uri;
        this.status = status;
        this.reason = reason;
    }

    public static SipMessage request(String method, String uri) { return new SipMessage(method, uri, 0, null); }

    public static SipMessage response(int status, String reason) { return new SipMessage(null, null, status, reason); }

    public boolean isRequest() { return method != null; }

    public String method() { return method; }

    public String uri() { return uri; }

    public int status() { return status; }

    public String reason() { return reason; }

    public List<Header> headers() { return headers; }

    public byte[] body() { return body; }

    public SipMessage body(byte[] b, String contentType) {
        this.body = b;
        remove("Content-Type");
        if (contentType != null) add("Content-Type", contentType);
        return this;
    }

    public SipMessage add(String name, String value) {
        headers.add(new Header(canonical(name), value));
        return this;
    }

    public SipMessage set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public void remove(String name) {
        String n = canonical(name);
        headers.removeIf(h -> h.name().equalsIgnoreCase(n));
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        String n = canonical(name);
        for (Header h : headers) if (h.name().equalsIgnoreCase(n)) return h.value();
        return null;
    }

    public List<String> all(String name) {
        String n = canonical(name);
        List<String> out = new ArrayList<>();
        for (Header h : headers) if (h.name().equalsIgnoreCase(n)) out.add(h.value());
        return out;
    }

    public String callId() { return header("Call-ID"); }

    /** CSeq number, or -1 when missing or malformed. */
    public long cseq() {
        String c = header("CSeq");
        if (c == null) return -1;
        try {
            return Long.parseLong(c.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String cseqMethod() {
        String c = header("CSeq");
        if (c == null) return null;
        String[] parts = c.trim().split("\\s+");
        return parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : null;
    }

    /** The branch parameter of the top Via, or null. */
    public String branch() { return SipParams.param(header("Via"), "branch"); }

    /** The body as text in UTF-8 (for SDP and logs; MANSCDP bodies have their own charset handling). */
    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }

    public String startLine() { return isRequest() ? method + " " + uri + " SIP/2.0" : "SIP/2.0 " + status + " " + reason; }

    @Override
    public String toString() { return startLine() + " (Call-ID " + callId() + ", CSeq " + header("CSeq") + ")"; }

    /** The long name of a header given in any case or compact form. */
    static String canonical(String name) {
        String n = name.trim();
        if (n.length() == 1) {
            switch (Character.toLowerCase(n.charAt(0))) {
                case 'v': return "Via";
                case 'f': return "From";
                case 't': return "To";
                case 'i': return "Call-ID";
                case 'm': return "Contact";
                case 'l': return "Content-Length";
                case 'c': return "Content-Type";
                case 'k': return "Supported";
                case 's': return "Subject";
                default: return n;
            }
        }
        return switch (n.toLowerCase(Locale.ROOT)) {
            case "call-id" -> "Call-ID";
            case "cseq" -> "CSeq";
            case "www-authenticate" -> "WWW-Authenticate";
            default -> n;
        };
    }
}
