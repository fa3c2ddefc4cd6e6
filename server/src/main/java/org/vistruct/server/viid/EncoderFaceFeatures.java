package org.vistruct.server.viid;

import java.io.IOException;
import org.vistruct.gat1400.FaceFeatures;
import org.vistruct.server.QueryFaceEncoder;

/**
 * Features of pushed face pictures, computed the way analysed faces get theirs (YuNet, alignment,
 * MobileFaceNet). A camera's face close-up is often cut tight around the face, where the detector
 * finds nothing: it is then tried again with a margin around it.
 */
final class EncoderFaceFeatures implements FaceFeatures {
    static final String VENDOR = "vistruct", VERSION = "mobilefacenet-128-v1";
    private final QueryFaceEncoder encoder;

    EncoderFaceFeatures(QueryFaceEncoder encoder) { this.encoder = encoder; }

    @Override
    public String vendor() { return VENDOR; }

    @Override
    public String version() { return VERSION; }

    @Override
    public float[] of(byte[] jpeg) throws IOException {
        return encoder.featureOfCloseUp(jpeg);
    }
}
