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
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) return out;
        String v = value.trim();
        if (v.regionMatches(true, 0, "Digest", 0, 6)) v = v.substring(6);
        int i = 0;
        while (i < v.length()) {
            while (i < v.length() && (v.charAt(i) == ',' || Character.isWhitespace(v.charAt(i)))) i++;
            int eq = v.indexOf('=', i);
            if (eq < 0) break;
            String name = v.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
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

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
