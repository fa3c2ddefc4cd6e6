package org.vistruct.analyzer;

import org.vistruct.core.Box;

/**
 * What the analyzer saw of one face: times, the best shot's box, the feature (L2-normalised,
 * quality-weighted over the best shots), its quality 0-100, the person it belonged to, pictures.
 *
 * @param provisional written while the face is still in view; the pass with the same id follows when its track ends
 */
public record FacePass(String id, long appearTime, long disappearTime, long shotTime, long offsetMs, Box box, float[] feature,
                       int quality, String personId, byte[] faceJpeg, byte[] sceneJpeg, boolean provisional) implements Pass {}
