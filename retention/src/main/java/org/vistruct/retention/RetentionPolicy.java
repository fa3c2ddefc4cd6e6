package org.vistruct.retention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vistruct.core.RecordType;
import org.vistruct.index.RecordScan;

/**
 * How long records and pictures are kept, per record type and device group. Written as rules
 * {@code DEVICES:KEY=DAYS,KEY=DAYS;…} where DEVICES is {@code *} or ids and prefixes ending in
 * {@code *} joined by {@code |}, a KEY is a record type (the record with its close-ups) or
 * {@code scene} (scene pictures alone; the record stays), and 0 days means forever. A later rule
 * overrides earlier ones for the keys it sets on the devices it names, e.g.
 * {@code *:MotorVehicle=730,Face=730,Person=730,scene=90; 3402000000132*:MotorVehicle=3650}.
 */
public final class RetentionPolicy {
    public static final String SCENE = "scene";
    private static final long DAY_MS = 86_400_000L;

    /** One rule: which devices, and days per key. */
    public record Rule(List<String> devices, Map<String, Integer> days) {
        boolean matches(String deviceId) {
            for (String p : devices) if (p.equals("*") || (p.endsWith("*") ? deviceId.startsWith(p.substring(0, p.length() - 1)) : deviceId.equals(p))) return true;
            return false;
        }
    }

    /** What one rule expires for one key: records of these devices older than the cutoff. */
    public record Group(String key, int ruleNo, int days, List<String> devices, List<String> exceptDevices) {
        /** The index walk over what is due at {@code now}. */
        public RecordScan scan(long now) { return scanBefore(now - days * DAY_MS); }

        public RecordScan scanBefore(long before) {
            List<String> in = devices.contains("*") ? List.of() : devices;
            if (key.equals(SCENE)) return new RecordScan(Set.of(), in, exceptDevices, before, true);
            return new RecordScan(Set.of(RecordType.valueOf(key)), in, exceptDevices, before, false);
        }

        public long daysMs() { return days * DAY_MS; }
    }

    private final List<Rule> rules;
    private final String text;

    private RetentionPolicy(List<Rule> rules, String text) {
        this.rules = rules;
        this.text = text;
    }

    /** Parses the rules; an error names the rule and what is wrong with it. */
    public static RetentionPolicy parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String part : text.split(";")) {
            String rule = part.trim();
            if (rule.isEmpty()) continue;
            int colon = rule.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("retention.rules: '" + rule + "' is not DEVICES:KEY=DAYS,…");
            List<String> devices = new ArrayList<>();
            for (String d : rule.substring(0, colon).split("\\|")) {
                String p = d.trim();
                if (!p.matches("\\*|[0-9A-Za-z_-]{1,64}\\*?")) throw new IllegalArgumentException("retention.rules: device '" + p + "' in '" + rule
                        + "' must be *, an id, or a prefix ending in *");
                devices.add(p);
            }
            Map<String, Integer> days = new LinkedHashMap<>();
            for (String kv : rule.substring(colon + 1).split(",")) {
                String[] e = kv.trim().split("=");
                if (e.length != 2) throw new IllegalArgumentException("retention.rules: '" + kv.trim() + "' in '" + rule + "' is not KEY=DAYS");
                String key = key(e[0].trim(), rule);
                int d;
                try {
                    d = Integer.parseInt(e[1].trim());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("retention.rules: days for " + key + " in '" + rule + "' must be a whole number, was '" + e[1].trim() + "'");
                }
                if (d < 0 || d > 36_500) throw new IllegalArgumentException("retention.rules: days for " + key + " in '" + rule + "' must be 0 (forever) to 36500");
                days.put(key, d);
            }
            rules.add(new Rule(List.copyOf(devices), Map.copyOf(days)));
        }
        return new RetentionPolicy(List.copyOf(rules), text.trim());
    }

    private static String key(String k, String rule) {
        if (k.equalsIgnoreCase(SCENE)) return SCENE;
        for (RecordType t : RecordType.values()) if (t.name().equalsIgnoreCase(k)) return t.name();
        throw new IllegalArgumentException("retention.rules: '" + k + "' in '" + rule + "' is not a record type (" + List.of(RecordType.values()) + ") or scene");
    }

    /** Days a key is kept on a device (0: forever). */
    public int days(String deviceId, String key) {
        int d = 0;
        for (Rule r : rules) if (r.matches(deviceId) && r.days().containsKey(key)) d = r.days().get(key);
        return d;
    }

    /** For each key, the groups that expire it: each rule setting the key, minus the devices later rules take over. Rules of 0 days expire nothing. */
    public List<Group> groups() {
        List<Group> out = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (RecordType t : RecordType.values()) keys.add(t.name());
        keys.add(SCENE);
        for (String key : keys) {
            for (int i = 0; i < rules.size(); i++) {
                Rule r = rules.get(i);
                if (!r.days().containsKey(key) || r.days().get(key) == 0) continue;
                List<String> except = new ArrayList<>();
                for (int j = i + 1; j < rules.size(); j++) if (rules.get(j).days().containsKey(key)) except.addAll(rules.get(j).devices());
                if (except.contains("*")) continue; // a later rule for every device takes this one over entirely
                out.add(new Group(key, i + 1, r.days().get(key), r.devices(), List.copyOf(except)));
            }
        }
        return out;
    }

    public List<Rule> rules() { return rules; }

    @Override
    public String toString() { return text.isEmpty() ? "(keep everything)" : text; }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
