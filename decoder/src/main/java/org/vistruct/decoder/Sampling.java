package org.vistruct.decoder;

/**
 * Which decoded frames go to analysis. {@code RATE} takes at most {@code fps} frames a second,
 * {@code KEYFRAMES} asks the decoder to decode keyframes only, {@code ALL} takes every frame.
 */
public record Sampling(Mode mode, double fps) {
    public enum Mode { RATE, KEYFRAMES, ALL }

    public Sampling {
        if (mode == Mode.RATE && !(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("sampling rate must be between 0 and 1000 frames/s, was " + fps);
        }
    }

    public static Sampling rate(double fps) { return new Sampling(Mode.RATE, fps); }

    public static Sampling keyframes() { return new Sampling(Mode.KEYFRAMES, 0); }

    public static Sampling all() { return new Sampling(Mode.ALL, 0); }

    /** Parses "4" (frames/s), "keyframes" or "all". */
    public static Sampling parse(String s) {
        String t = s.trim().toLowerCase();
        if (t.equals("keyframes")) return keyframes();
        if (t.equals("all")) return all();
        try {
            return rate(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sampling must be a rate in frames/s, 'keyframes' or 'all', was '" + s + "'");
        }
    }
}
