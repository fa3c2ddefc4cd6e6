package org.vistruct.analyzer.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.vistruct.core.Box;

/** Cutting boxes out of pictures and encoding pictures as JPEG. */
public final class Crops {
    private Crops() {}

    /** A deep copy of the box (clipped to the picture); null when the box is empty after clipping. */
    public static Mat crop(Mat image, Box box) {
        Box b = box.clip(image.cols(), image.rows());
        if (b.width() < 2 || b.height() < 2) return null;
        try (Rect r = new Rect(b.leftTopX(), b.leftTopY(), b.width(), b.height()); Mat view = new Mat(image, r)) {
            return view.clone();
        }
    }

    public static byte[] jpeg(Mat image, int quality) {
        try (BytePointer buf = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            if (!imencode(".jpg", image, buf, params)) throw new IllegalStateException("JPEG encoding failed");
            byte[] out = new byte[(int) buf.limit()];
            buf.get(out);
            return out;
        }
    }
}
