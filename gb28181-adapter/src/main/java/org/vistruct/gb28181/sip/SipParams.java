package org.vistruct.gb28181.sip;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The small pieces of SIP header syntax the platform needs: parameters, URIs' users, digest fields. */
public final class SipParams {
    private SipParams() {}

    /** A ;name=value parameter of a header value (outside angle brackets), or null. */
    public static String param(String headerValue, String name) {
        if (headerValue == null) return null;
        String v = headerValue;
        int gt = v.lastIndexOf('>');
        if (gt >= 0) v = v.substring(gt + 1);
        for (String part : v.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) return unquote(part.substring(eq + 1).trim());
        }
        return null;
    }

    /** The user part of the URI in a From/To/Contact value or a Request-URI ("sip:USER@host"), or null. */
    public static String user(String value) {
        if (value == null) return null;
        int s = value.indexOf("sip:");
        if (s < 0) return null;
        int at = value.indexOf('@', s);
        int end = at > 0 ? at : value.length();
        for (char stop : new char[] {'>', ';', ':'}) {
            int i = value.indexOf(stop, s + 4);
            if (i >= 0 && i < end) end = i;
        }
        String user = value.substring(s + 4, end).trim();
        return user.isEmpty() ? null : user;
    }

    /** The host part of a SIP URI ("sip:user@HOST:port"), or null. */
    public static String host(String value) {
        if (value == null) return null;
        int at = value.indexOf('@');
        int start = at >= 0 ? at + 1 : value.indexOf("sip:") + 4;
        if (start < 4 && at < 0) return null;
        int end = start;
        while (end < value.length() && ":;>".indexOf(value.charAt(end)) < 0) end++;
        return value.substring(start, end).trim();
    }

    /** The fields of a Digest credentials or challenge value. */
    public static Map<String, String> digest(String value) {
        return org.vistruct.core.DigestAuthenticator.fields(value);
    }

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
