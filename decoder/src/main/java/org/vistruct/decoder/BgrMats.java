package org.vistruct.decoder;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.core.BgrImage;

/** Copies between the heap {@link BgrImage} and OpenCV's native {@link Mat}. */
public final class BgrMats {
    private BgrMats() {}

    /** A new native Mat holding a copy of the image. */
    public static Mat toMat(BgrImage image) {
        Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
        mat.data().put(image.data(), 0, image.data().length);
        return mat;
    }

    public static BgrImage toImage(Mat mat) {
        if (mat.type() != CV_8UC3) throw new IllegalArgumentException("expected an 8-bit BGR Mat, type was " + mat.type());
        int w = mat.cols(), h = mat.rows();
        byte[] data = new byte[w * h * 3];
        BytePointer p = mat.data();
        long step = mat.step();
        if (step == (long) w * 3) {
            p.get(data, 0, data.length);
        } else {
            for (int y = 0; y < h; y++) p.position(y * step).get(data, y * w * 3, w * 3);
            p.position(0);
        }
        return new BgrImage(w, h, data);
    }
}
