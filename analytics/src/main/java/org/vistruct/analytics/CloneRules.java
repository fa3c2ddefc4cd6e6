package org.vistruct.analytics;

import org.vistruct.core.ColorCode;
import org.vistruct.core.VehicleClass;
import org.vistruct.index.PassAttributes;

/**
 * The two 套牌 rules, on two passes of one plate, shared by the scan and the real-time check:
 * impossible travel (the gap is shorter than the least travel time between the devices) and
 * attribute conflict (within a short time, the colour or class differs clearly, both readings
 * reliable). Colours that cameras confuse under changing light (white/grey/silver, black/grey,
 * red/orange/pink, blue/cyan, green/cyan, yellow/orange, brown/orange) never conflict, nor do
 * classes of one family (small and mini cars; buses of any size; trucks and trailers).
 */
public final class CloneRules {
    public enum Rule { TRAVEL, ATTRIBUTES }

    /** A rule broken by two passes. {@code strength} orders suspects: how many times too fast, or 1 for a conflict. */
    public record Breach(Rule rule, String reason, double strength, String pairKey) {}

    private final TravelTimes travel;
    private final AnalyticsSettings settings;

    public CloneRules(TravelTimes travel, AnalyticsSettings settings) {
        this.travel = travel;
        this.settings = settings;
    }

    /** The rule two passes of one plate break, or null; device a was passed at ta, b at tb, ta ≤ tb. */
    public Breach judge(String plate, String a, long ta, long attrsA, String b, long tb, long attrsB, boolean checkTravel) {
        long gap = tb - ta;
        if (checkTravel && !a.equals(b)) {
            long min = travel.minimum(a, b);
            if (min > 0 && gap < min) {
                double metres = travel.metres(a, b);
                String reason = String.format("impossible travel: %s then %s %s later%s; at least %s needed", a, b, duration(gap),
                        metres < 0 ? "" : String.format(" (%.1f km apart)", metres / 1000), duration(min));
                return new Breach(Rule.TRAVEL, reason, (double) min / Math.max(gap, 1000), plate + "|travel|" + TravelTimes.pairKey(a, b).replace('\u0000', '|'));
            }
        }
        if (gap <= settings.conflictWindowMs()) {
            int min = settings.minAttributeReliability();
            int ca = PassAttributes.vehicleColor(attrsA), cb = PassAttributes.vehicleColor(attrsB);
            if (ca != 0 && cb != 0 && PassAttributes.vehicleColorReliability(attrsA) >= min && PassAttributes.vehicleColorReliability(attrsB) >= min
                    && colorsDiffer(ca, cb)) {
                String x = PassAttributes.color(ca).chinese(), y = PassAttributes.color(cb).chinese();
                return new Breach(Rule.ATTRIBUTES, String.format("attribute conflict: %s vehicle at %s, %s vehicle at %s %s later", x, a, y, b, duration(gap)), 1,
                        plate + "|color|" + (x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x));
            }
            VehicleClass va = PassAttributes.vehicleClass(attrsA), vb = PassAttributes.vehicleClass(attrsB);
            if (va != null && vb != null && PassAttributes.vehicleClassReliability(attrsA) >= min && PassAttributes.vehicleClassReliability(attrsB) >= min
                    && family(va) != null && family(vb) != null && !family(va).equals(family(vb))) {
                return new Breach(Rule.ATTRIBUTES, String.format("attribute conflict: %s at %s, %s at %s %s later", va.chinese(), a, vb.chinese(), b, duration(gap)), 1,
                        plate + "|class|" + (family(va).compareTo(family(vb)) < 0 ? family(va) + "|" + family(vb) : family(vb) + "|" + family(va)));
            }
        }
        return null;
    }

    private static final int[][] CONFUSED = {
            {2, 3}, {1, 3}, {4, 7}, {4, 12}, {5, 11}, {9, 11}, {6, 7}, {8, 7}, {8, 4}};

    static boolean colorsDiffer(int a, int b) {
        if (a == b || a == ColorCode.OTHER.code() || b == ColorCode.OTHER.code() || a == ColorCode.TRANSPARENT.code() || b == ColorCode.TRANSPARENT.code()) {
            return false;
        }
        for (int[] p : CONFUSED) if ((p[0] == a && p[1] == b) || (p[0] == b && p[1] == a)) return false;
        return true;
    }

    /** bus, car, truck, motorcycle; null for "other" (never conflicts). */
    static String family(VehicleClass c) {
        String code = c.code();
        return switch (code.charAt(0)) {
            case 'K' -> code.charAt(1) <= '2' ? "bus" : "car";
            case 'H', 'B', 'G' -> "truck";
            case 'M' -> "motorcycle";
            default -> null;
        };
    }

    static String duration(long ms) {
        long s = Math.abs(ms) / 1000;
        if (s < 60) return s + " s";
        if (s < 3600) return s / 60 + " min " + (s % 60 > 0 ? s % 60 + " s" : "").trim();
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
