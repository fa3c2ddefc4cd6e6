package org.vistruct.analyzer.face;

import org.vistruct.core.Box;

/**
 * A face found by YuNet, in picture pixels.
 *
 * @param landmarks x,y of: image-left eye, image-right eye, nose tip, image-left and image-right mouth corner
 */
public record DetectedFace(Box box, float score, float[] landmarks) {}
