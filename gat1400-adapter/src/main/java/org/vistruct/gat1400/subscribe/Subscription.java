package org.vistruct.gat1400.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidTime;

/**
 * A SubscribeObject as taken: what is subscribed to (SubscribeDetail codes), where from
 * (ResourceURI: device or tollgate ids, empty for all), when (BeginTime to EndTime), where to send
 * (ReceiveAddr) and how (ReportInterval, ResultImageDeclare, ResultFeatureDeclare).
 *
 * @param imageTypes ImageType codes to send with their bytes: null for all, empty for none ("-1")
 */
public record Subscription(String id, String title, Set<String> details, Set<String> resources, long begin, long end, String receiveAddr,
                           int reportIntervalS, Set<String> imageTypes, boolean withFeature, String subscriber, boolean cancel) {
    /** Codes offered: 3 APE directory, 4 device status, 7 tollgate directory, 11 persons, 12 faces, 13 motor vehicles, 14 non-motor vehicles. */
    public static final Set<String> OFFERED = Set.of("3", "4", "7", "11", "12", "13", "14");
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    /** Reads one SubscribeObject; ObjectError naming what is wrong. */
    public static Subscription read(JsonNode n, String subscriber, ZoneId zone, long now) {
        if (n == null || !n.isObject()) throw new ObjectError("SubscribeObject is not a JSON object");
        String id = ViidJson.text(n, "SubscribeID");
        if (id == null || !ID.matcher(id).matches()) throw new ObjectError("SubscribeID must be 1-64 letters, digits, _ or -, was '" + ViidJson.clip(id) + "'");
        String op = ViidJson.text(n, "OperateType");
        boolean cancel = "1".equals(op);
        if (cancel) return new Subscription(id, null, Set.of(), Set.of(), 0, 0, null, 0, null, false, subscriber, true);
        if (op != null && !"0".equals(op)) throw new ObjectError("OperateType must be 0 (subscribe) or 1 (cancel), was '" + ViidJson.clip(op) + "'");
        String detail = ViidJson.text(n, "SubscribeDetail");
        if (detail == null) throw new ObjectError("SubscribeDetail is missing");
        Set<String> details = new TreeSet<>();
        for (String d : detail.split("[,;\\s]+")) {
            if (d.isEmpty()) continue;
            String code = d.replaceFirst("^0+(?=\\d)", "");
            if (!OFFERED.contains(code)) throw new ObjectError("SubscribeDetail " + ViidJson.clip(d) + " is not offered here (offered: 3, 4, 7, 11, 12, 13, 14)");
            details.add(code);
        }
        if (details.isEmpty()) throw new ObjectError("SubscribeDetail names no category");
        Set<String> resources = new LinkedHashSet<>();
        String res = ViidJson.text(n, "ResourceURI");
        if (res != null) {
            for (String r : res.split("[,;\\s]+")) {
                if (r.isEmpty()) continue;
                if (!ID.matcher(r).matches()) throw new ObjectError("ResourceURI holds '" + ViidJson.clip(r) + "', not a device or tollgate id");
                resources.add(r);
            }
            if (resources.size() > 10_000) throw new ObjectError("ResourceURI names more than 10000 devices");
        }
        Long begin = ViidTime.field(n, "BeginTime", zone, Long.MAX_VALUE / 2);
        Long end = ViidTime.field(n, "EndTime", zone, Long.MAX_VALUE / 2);
        if (begin != null && end != null && end <= begin) throw new ObjectError("EndTime is not after BeginTime");
        if (end != null && end <= now) throw new ObjectError("EndTime has passed");
        String addr = ViidJson.text(n, "ReceiveAddr");
        if (addr == null) throw new ObjectError("ReceiveAddr is missing");
        URI u;
        try {
            u = new URI(addr);
        } catch (java.net.URISyntaxException e) {
            throw new ObjectError("ReceiveAddr is not a URL: '" + ViidJson.clip(addr) + "'");
        }
        if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null || u.getRawUserInfo() != null) {
            throw new ObjectError("ReceiveAddr must be an http:// or https:// URL with a host, was '" + ViidJson.clip(addr) + "'");
        }
        Integer interval = ViidJson.integer(n, "ReportInterval", 0, 86_400);
        Set<String> images = null;
        String declare = ViidJson.text(n, "ResultImageDeclare");
        if ("-1".equals(declare)) images = Set.of();
        else if (declare != null) {
            images = new TreeSet<>();
            for (String t : declare.split("[,;\\s]+")) {
                if (t.isEmpty()) continue;
                if (!t.chars().allMatch(Character::isDigit) || t.length() > 3) throw new ObjectError("ResultImageDeclare holds '" + ViidJson.clip(t) + "', not an ImageType code");
                images.add(t.length() == 1 ? "0" + t : t);
            }
        }
        String feature = ViidJson.text(n, "ResultFeatureDeclare");
        return new Subscription(id, ViidJson.text(n, "Title"), Set.copyOf(details), Set.copyOf(resources), begin == null ? 0 : begin, end == null ? 0 : end,
                addr, interval == null ? 0 : interval, images == null ? null : Set.copyOf(images), !"-1".equals(feature), subscriber, false);
    }

    public boolean wantsRecords() { return details.stream().anyMatch(d -> Arrays.asList("11", "12", "13", "14").contains(d)); }

    public boolean wantsDirectory() { return details.contains("3") || details.contains("4") || details.contains("7"); }

    /** Whether the subscription's period has ended. */
    public boolean ended(long now) { return end > 0 && now >= end; }
}
