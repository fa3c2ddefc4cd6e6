package org.vistruct.analyzer.plate;

import org.vistruct.core.Box;

/**
 * A plate found by the detector, in picture pixels.
 *
 * @param corners     x0,y0 … x3,y3 ordered top-left, top-right, bottom-right, bottom-left
 * @param doubleLayer whether the plate has two rows of characters (yellow trucks, some motorcycles)
 */
public record PlateCandidate(Box box, float[] corners, float score, boolean doubleLayer) {}
