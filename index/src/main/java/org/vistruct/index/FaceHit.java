package org.vistruct.index;

import org.vistruct.core.Face;

/** A face found by similarity; similarity is the cosine of the two features, clipped to 0-1. */
public record FaceHit(Face face, float similarity) {}
