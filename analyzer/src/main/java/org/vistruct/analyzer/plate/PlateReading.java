package org.vistruct.analyzer.plate;

/**
 * Text read from a rectified plate.
 *
 * @param text       the plate characters (may fail the grammar when no reader produced a valid plate)
 * @param confidence mean per-character probability, 0-1
 * @param valid      whether the text is a valid plate number
 * @param reader     which recogniser produced it
 */
public record PlateReading(String text, float confidence, boolean valid, String reader) {}
