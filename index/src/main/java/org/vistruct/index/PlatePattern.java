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

    /** Whether the plate fits this pattern. */
    public boolean matches(String plate) { return matches(text, plate); }

    /** Glob matching (* any run, ? one character) with one backtrack point per *: no regular expression. */
    static boolean matches(String pattern, String plate) {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < plate.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == plate.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }
}
