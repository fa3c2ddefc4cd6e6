package org.vistruct.gb28181.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SIP messages to and from bytes. Parsing is bounded and strict about structure (start line,
 * header syntax, Content-Length) but lenient where devices are sloppy (LF line ends, header
 * folding, compact names, spaces around colons).
 */
public final class SipCodec {
    public static final int MAX_MESSAGE = 64 * 1024;
    private static final int MAX_HEADERS = 128;

    private SipCodec() {}

    /** Parses one whole message; for datagrams a missing Content-Length means "the rest". */
    public static SipMessage parse(byte[] data, int offset, int length) throws SipParseException {
        if (length > MAX_MESSAGE) throw new SipParseException("message of " + length + " bytes is over " + MAX_MESSAGE);
        int end = offset + length;
        int headEnd = headerEnd(data, offset, end);
        if (headEnd < 0) throw new SipParseException("no end of headers");
        String head = new String(data, offset, headEnd - offset, StandardCharsets.UTF_8);
        String[] lines = head.split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isEmpty()) first++;
        if (first == lines.length) throw new SipParseException("empty message");
        SipMessage m = startLine(lines[first]);
        String name = null;
        StringBuilder value = null;
        int count = 0;
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) break;
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim()); // folded continuation
                continue;
            }
            if (name != null) m.add(name, value.toString());
            int colon = line.indexOf(':');
            if (colon <= 0) throw new SipParseException("malformed header line '" + abbreviate(line) + "'");
            name = line.substring(0, colon).trim();
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127)) throw new SipParseException("malformed header name");
            value = new StringBuilder(line.substring(colon + 1).trim());
            if (++count > MAX_HEADERS) throw new SipParseException("more than " + MAX_HEADERS + " headers");
        }
        if (name != null) m.add(name, value.toString());
        int bodyStart = bodyStart(data, headEnd, end);
        String cl = m.header("Content-Length");
        int bodyLength = end - bodyStart;
        if (cl != null) {
            try {
                bodyLength = Integer.parseInt(cl.trim());
            } catch (NumberFormatException e) {
                throw new SipParseException("Content-Length '" + abbreviate(cl) + "' is not a number");
            }
            if (bodyLength < 0 || bodyStart + bodyLength > end) throw new SipParseException("Content-Length " + bodyLength + " beyond the message");
        }
        m.body(Arrays.copyOfRange(data, bodyStart, bodyStart + bodyLength), m.header("Content-Type"));
        requireBasics(m);
        return m;
    }

    private static SipMessage startLine(String line) throws SipParseException {
        String[] p = line.trim().split(" ", 3);
        if (p.length < 2) throw new SipParseException("malformed start line '" + abbreviate(line) + "'");
        if (p[0].equals("SIP/2.0")) {
            int status;
            try {
                status = Integer.parseInt(p[1]);
            } catch (NumberFormatException e) {
                throw new SipParseException("malformed status line '" + abbreviate(line) + "'");
            }
            if (status < 100 || status > 699) throw new SipParseException("status " + status + " out of range");
            return SipMessage.response(status, p.length > 2 ? p[2] : "");
        }
        if (p.length < 3 || !p[2].equals("SIP/2.0")) throw new SipParseException("not a SIP/2.0 request line '" + abbreviate(line) + "'");
        if (!p[0].chars().allMatch(c -> c >= 'A' && c <= 'Z')) throw new SipParseException("malformed method '" + abbreviate(p[0]) + "'");
        return SipMessage.request(p[0], p[1]);
    }

    /** Via, From, To, Call-ID and CSeq are needed to answer anything. */
    private static void requireBasics(SipMessage m) throws SipParseException {
        for (String h : new String[] {"Via", "From", "To", "Call-ID", "CSeq"}) {
            if (m.header(h) == null || m.header(h).isBlank()) throw new SipParseException("missing " + h + " header");
        }
        if (m.cseq() < 0) throw new SipParseException("malformed CSeq '" + abbreviate(m.header("CSeq")) + "'");
    }

    /** Index of the first CR or LF of the blank line ending the headers, or -1. */
    static int headerEnd(byte[] d, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (d[i] == '\n' && d[i + 1] == '\n') return i;
            if (i < to - 3 && d[i] == '\r' && d[i + 1] == '\n' && d[i + 2] == '\r' && d[i + 3] == '\n') return i;
        }
        return -1;
    }

    static int bodyStart(byte[] d, int headEnd, int to) {
        if (headEnd + 3 < to && d[headEnd] == '\r' && d[headEnd + 2] == '\r') return headEnd + 4;
        return Math.min(to, headEnd + 2);
    }

    public static byte[] encode(SipMessage m) {
        StringBuilder sb = new StringBuilder(512).append(m.startLine()).append("\r\n");
        for (SipMessage.Header h : m.headers()) {
            if (h.name().equals("Content-Length")) continue;
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        sb.append("Content-Length: ").append(m.body().length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length() + m.body().length);
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(m.body());
        return out.toByteArray();
    }

    private static String abbreviate(String s) { return s.length() > 60 ? s.substring(0, 60) + "…" : s; }
}
