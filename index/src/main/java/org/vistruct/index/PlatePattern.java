package org.vistruct.index;

import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateGrammar;

/**
 * A plate search pattern: plate characters, {@code *} for any run and {@code ?} for exactly one,
 * e.g. {@code 皖A*62*}. Letters are upper-cased; anything else is refused with a message that
 * says what is wrong, so a typo never silently matches nothing.
 */
public record PlatePattern(String text) {
    public static final int MAX_LENGTH = 16;

    public PlatePattern {
        text = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (text.isEmpty()) throw new IllegalArgumentException("empty plate pattern");
        if (!text.equals(MotorVehicle.NO_PLATE)) {
            if (text.length() > MAX_LENGTH) throw new IllegalArgumentException("plate pattern '" + text + "' is longer than " + MAX_LENGTH + " characters");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '*' && c != '?' && c != '-' && !PlateGrammar.isPlateChar(c)) {
                    throw new IllegalArgumentException("plate pattern '" + text + "' has '" + c + "' at position " + (i + 1)
                            + ": use plate characters, * for any run and ? for one character");
                }
            }
            if (text.chars().allMatch(c -> c == '*')) text = "*";
        }
    }

    public boolean isExact() { return text.indexOf('*') < 0 && text.indexOf('?') < 0; }
}
