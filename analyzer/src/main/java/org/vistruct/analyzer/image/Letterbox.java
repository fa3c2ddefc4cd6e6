package org.vistruct.analyzer.image;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Scales a picture to fit a square model input without changing its aspect ratio, pads the rest,
 * and maps model coordinates back to the picture. Keeps its resize buffer between frames.
 */
public final class Letterbox {
    private final ChwTensor tensor;
    private final boolean centred;
    private final float padValue;
    private final Mat resized = new Mat();
    private float scale = 1;
    private int dx, dy;

    public Letterbox(ChwTensor tensor, boolean centred, float padValue) {
        this.tensor = tensor;
        this.centred = centred;
        this.padValue = padValue;
    }

    public ChwTensor apply(Mat image) {
        int size = tensor.width();
        scale = Math.min((float) size / image.cols(), (float) tensor.height() / image.rows());
        int w = Math.max(1, Math.min(size, Math.round(image.cols() * scale)));
        int h = Math.max(1, Math.min(tensor.height(), Math.round(image.rows() * scale)));
        dx = centred ? (size - w) / 2 : 0;
        dy = centred ? (tensor.height() - h) / 2 : 0;
        try (Size s = new Size(w, h)) {
            resize(image, resized, s, 0, 0, INTER_LINEAR);
        }
        tensor.fill(padValue);
        tensor.put(resized, dx, dy);
        return tensor;
    }

    public float toSourceX(float x) { return (x - dx) / scale; }

    public float toSourceY(float y) { return (y - dy) / scale; }

    /** Model-input pixels per picture pixel. */
    public float scale() { return scale; }
}
