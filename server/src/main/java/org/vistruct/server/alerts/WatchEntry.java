package org.vistruct.server.alerts;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of a watch list (布控), with the GA/T 1400 Disposition facts that fit: what is watched,
 * in which list, from when to when, how urgent, why, and by whom.
 *
 * @param list          the watch list it belongs to (subscribers filter by list)
 * @param plate         exact plate (kind PLATE) or pattern with * and ? (kind PATTERN)
 * @param vehicle       the rule of a VEHICLE entry
 * @param face          the enrolled feature of a FACE entry
 * @param minSimilarity the similarity a face must reach to match a FACE entry
 * @param photoKey      the object key of the enrolled face photo (aligned crop), or null
 * @param validTo       end of validity (exclusive), 0 for open-ended
 * @param priority      1 (most urgent) to 5
 */
public record WatchEntry(String id, String list, Kind kind, String plate, VehicleRule vehicle, float[] face, float minSimilarity,
                         String photoKey, long validFrom, long validTo, int priority, String reason, String creator, long created) {
    /** CLONE marks alerts the real-time 套牌 check raised (there is no such entry: it is the rule's own kind). */
    public enum Kind { PLATE, PATTERN, VEHICLE, FACE, CLONE }

    private static final Pattern LIST_NAME = Pattern.compile("[\\p{IsHan}0-9A-Za-z_.-]{1,64}");

    public WatchEntry {
        if (list == null || !LIST_NAME.matcher(list).matches()) throw new IllegalArgumentException("list: 1-64 letters, digits, Chinese characters, _ . or -, was '" + list + "'");
        if (priority < 1 || priority > 5) throw new IllegalArgumentException("priority must be 1 (most urgent) to 5, was " + priority);
        if (validTo > 0 && validTo <= validFrom) throw new IllegalArgumentException("validTo must be after validFrom");
        if (reason != null && reason.length() > 500) throw new IllegalArgumentException("reason: at most 500 characters");
        if (kind == Kind.FACE && (minSimilarity <= 0 || minSimilarity >= 1)) throw new IllegalArgumentException("minSimilarity must be between 0 and 1, was " + minSimilarity);
    }

    /**
     * Any of its fields set must match; null or empty means any.
     *
     * @param fromMinute time-of-day window start, minutes after local midnight (null: all day)
     * @param toMinute   window end (exclusive); a window may wrap past midnight
     */
    public record VehicleRule(Integer plateColor, Integer vehicleColor, String vehicleClass, Set<String> devices, Integer fromMinute, Integer toMinute) {
        public VehicleRule {
            devices = devices == null ? Set.of() : Set.copyOf(devices);
            if ((fromMinute == null) != (toMinute == null)) throw new IllegalArgumentException("a time-of-day window needs both ends");
            if (fromMinute != null && (fromMinute < 0 || fromMinute >= 1440 || toMinute < 0 || toMinute > 1440)) throw new IllegalArgumentException("time of day must be 00:00-24:00");
            if (plateColor == null && vehicleColor == null && vehicleClass == null && devices.isEmpty() && fromMinute == null) {
                throw new IllegalArgumentException("a vehicle rule needs at least one of plateColor, vehicleColor, vehicleClass, devices, time window");
            }
        }
    }

    public boolean validAt(long t) { return t >= validFrom && (validTo <= 0 || t < validTo); }

    /** What is watched, in words, for alert titles and lists. */
    public String describe() {
        return switch (kind) {
            case PLATE, PATTERN -> plate;
            case FACE -> "face ≥ " + minSimilarity;
            case CLONE -> "cloned-plate suspect " + plate;
            case VEHICLE -> {
                StringBuilder b = new StringBuilder("vehicle");
                if (vehicle.plateColor() != null) b.append(" plateColor=").append(vehicle.plateColor());
                if (vehicle.vehicleColor() != null) b.append(" color=").append(vehicle.vehicleColor());
                if (vehicle.vehicleClass() != null) b.append(" class=").append(vehicle.vehicleClass());
                if (!vehicle.devices().isEmpty()) b.append(" devices=").append(String.join(",", vehicle.devices()));
                if (vehicle.fromMinute() != null) b.append(String.format(" %02d:%02d-%02d:%02d", vehicle.fromMinute() / 60, vehicle.fromMinute() % 60,
                        vehicle.toMinute() / 60, vehicle.toMinute() % 60));
                yield b.toString();
            }
        };
    }
}
