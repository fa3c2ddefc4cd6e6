package org.vistruct.gb28181.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An SDP body as GB/T 28181 uses it: s= (Play, Playback, Download), c=, m=, a= and the GB y= (SSRC) and f= lines. */
public record Sdp(List<String[]> lines) {
    public static Sdp parse(byte[] body) {
        List<String[]> out = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            String l = line.trim();
            if (l.length() >= 2 && l.charAt(1) == '=') out.add(new String[] {l.substring(0, 1), l.substring(2).trim()});
        }
        return new Sdp(out);
    }

    /** The first value of a line type, or null. */
    public String first(String type) {
        for (String[] l : lines) if (l[0].equals(type)) return l[1];
        return null;
    }

    public List<String> all(String type) {
        List<String> out = new ArrayList<>();
        for (String[] l : lines) if (l[0].equals(type)) out.add(l[1]);
        return out;
    }

    public String sessionName() { return first("s"); }

    /** The 10-digit SSRC of the y= line. */
    public String ssrc() { return first("y"); }

    public String media() { return first("m"); }

    /** The connection address of c= (IN IP4 address). */
    public String address() {
        String c = first("c");
        if (c == null) return null;
        String[] p = c.split("\\s+");
        return p.length >= 3 ? p[2] : null;
    }

    /** The port of the first m= line, or -1. */
    public int port() {
        String m = media();
        if (m == null) return -1;
        try {
            return Integer.parseInt(m.split("\\s+")[1]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The value of a=name:value (or a=name), or null. */
    public String attribute(String name) {
        for (String a : all("a")) {
            if (a.equals(name)) return "";
            if (a.startsWith(name + ":")) return a.substring(name.length() + 1);
        }
        return null;
    }
}
