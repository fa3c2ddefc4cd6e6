package org.vistruct.analyzer;

import org.vistruct.core.Box;

/** What the analyzer saw of one person: times, the best full-body box and score (0-100), pictures. */
public record PersonPass(String id, long appearTime, long disappearTime, long shotTime, long offsetMs, Box box, int reliability,
                         byte[] bodyJpeg, byte[] sceneJpeg) implements Pass {}
