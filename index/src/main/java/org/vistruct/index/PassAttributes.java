package org.vistruct.index;

import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.VehicleClass;

/**
 * A vehicle pass's attributes packed into one long, kept as a doc value so analytics read a
 * column per pass instead of a stored record: plate colour and vehicle colour (GA/T 1400 codes,
 * 7 bits each), vehicle class (its GA 24.4 table position + 1, 7 bits: the table has 95), and the
 * three reliabilities (0-100, 7 bits each). 0 in a colour or class field means not read.
 */
public final class PassAttributes {
    private PassAttributes() {}

    public static long of(MotorVehicle v) {
        return of(v.plateColor() == null ? 0 : v.plateColor().code(), v.vehicleColor() == null ? 0 : v.vehicleColor().code(),
                v.vehicleClass() == null ? 0 : v.vehicleClass().ordinal() + 1, v.plateReliability(), v.vehicleColorReliability(), v.vehicleClassReliability());
    }

    static long of(int plateColor, int vehicleColor, int vehicleClass, int plateReliability, int colorReliability, int classReliability) {
        if (vehicleClass > 0x7F) throw new IllegalArgumentException("vehicle class position " + vehicleClass + " does not fit 7 bits");
        return (long) (plateColor & 0x7F) | (long) (vehicleColor & 0x7F) << 7 | (long) (vehicleClass & 0x7F) << 14
                | (long) clamp(plateReliability) << 21 | (long) clamp(colorReliability) << 28 | (long) clamp(classReliability) << 35;
    }

    private static int clamp(int reliability) { return Math.max(0, Math.min(100, reliability)); }

    /** The plate colour's GA/T 1400 code, 0 when not read. */
    public static int plateColor(long a) { return (int) (a & 0x7F); }

    /** The vehicle colour's GA/T 1400 code, 0 when not read. */
    public static int vehicleColor(long a) { return (int) (a >>> 7 & 0x7F); }

    /** The vehicle class, or null when not read. */
    public static VehicleClass vehicleClass(long a) {
        int c = (int) (a >>> 14 & 0x7F);
        return c == 0 || c > VehicleClass.values().length ? null : VehicleClass.values()[c - 1];
    }

    public static int plateReliability(long a) { return (int) (a >>> 21 & 0x7F); }

    public static int vehicleColorReliability(long a) { return (int) (a >>> 28 & 0x7F); }

    public static int vehicleClassReliability(long a) { return (int) (a >>> 35 & 0x7F); }

    /** The colour a code names, or null for 0 (not read) and codes outside GA/T 1400. */
    public static ColorCode color(int code) {
        if (code == 0) return null;
        try {
            return ColorCode.ofCode(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
