package org.vistruct.gat1400;

import java.io.IOException;

/**
 * Computes the face feature of a pushed face picture that came without one from this algorithm, so a
 * camera's faces are searchable by face and matched against face watch lists like analysed ones.
 */
public interface FaceFeatures {
    /** The vendor and version written with features in FeatureList (a peer running the same sends them back). */
    String vendor();

    String version();

    /** The feature of the most prominent face in the picture, or null when none is found. */
    float[] of(byte[] jpeg) throws IOException;

    /** No models: pushed faces without our feature are kept without one (found by time and device, not by face). */
    static FaceFeatures none(String vendor, String version) {
        return new FaceFeatures() {
            @Override public String vendor() { return vendor; }

            @Override public String version() { return version; }

            @Override public float[] of(byte[] jpeg) { return null; }
        };
    }
}
