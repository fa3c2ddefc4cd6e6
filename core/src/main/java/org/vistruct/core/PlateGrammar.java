package org.vistruct.core;

import java.util.regex.Pattern;

/**
 * What a Chinese civil plate number may look like: province + issuing-office letter + 5 characters
 * (optionally ending in 挂/学/警/港/澳/领/使) or 6 characters (new-energy, GA 36-2018), plus 粤Z cross-border plates.
 * Plates never use the letters I and O.
 */
public final class PlateGrammar {
    public static final String PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    public static final String SUFFIXES = "挂学警港澳领使";
    /** Every character that may appear in a plate number. */
    public static final String ALPHABET = PROVINCES + "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789" + SUFFIXES;

    private static final String L = "[A-HJ-NP-Z]";
    private static final String LD = "[A-HJ-NP-Z0-9]";
    /** New-energy plates: D/F then a letter or digit then 4 digits (small), or 5 digits then D/F (large). */
    private static final String NEW_ENERGY = "[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF]";
    private static final Pattern CIVIL = Pattern.compile(
            "^[" + PROVINCES + "]" + L + "(" + LD + "{4}[A-HJ-NP-Z0-9" + SUFFIXES + "]|" + NEW_ENERGY + ")$");
    private static final Pattern CROSS_BORDER = Pattern.compile("^粤Z" + LD + "{4}[港澳]$");

    private PlateGrammar() {}

    public static boolean isValid(String plate) {
        return plate != null && (CIVIL.matcher(plate).matches() || CROSS_BORDER.matcher(plate).matches());
    }

    /** Whether this is a valid new-energy plate (eight characters, GA 36-2018): green, whatever a colour model says. */
    public static boolean isNewEnergy(String plate) {
        return isValid(plate) && plate.length() == 8;
    }

    public static boolean isPlateChar(char c) { return ALPHABET.indexOf(c) >= 0; }

    /**
     * Maps I to 1 and O to 0 after the first two characters: plates use neither letter, and the
     * recognisers confuse them with the digits.
     */
    public static String fixLetterDigitConfusions(String text) {
        if (text.length() <= 2) return text;
        return text.substring(0, 2) + text.substring(2).replace('I', '1').replace('O', '0');
    }
}
