package org.vistruct.server;

import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.face.DetectedFace;
import org.vistruct.analyzer.face.FaceAligner;
import org.vistruct.analyzer.face.FaceDetector;
import org.vistruct.analyzer.face.FaceEmbedder;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.decoder.BgrMats;
import org.vistruct.decoder.DecodeException;
import org.vistruct.decoder.ImageFileSource;

/**
 * Turns a query photo into the feature of one of its faces (the largest by default), the same way
 * faces are recorded: YuNet, alignment, MobileFaceNet. Used by `vistruct search --face` and the API.
 */
public final class QueryFaceEncoder implements AutoCloseable {
    private final FaceDetector detector;
    private final FaceEmbedder embedder;

    /** The engine when this encoder made its own (the CLI), closed with it; null when it shares the node's. */
    private final InferenceEngine owned;

    /** With models of its own (the CLI's one search). */
    public QueryFaceEncoder(ModelFiles files, InferenceOptions options, AnalyzerSettings settings) {
        this(new InferenceEngine(files, options), settings, true);
    }

    /** With the node's sessions, shared with the analysis. */
    public QueryFaceEncoder(InferenceEngine engine, AnalyzerSettings settings) { this(engine, settings, false); }

    private QueryFaceEncoder(InferenceEngine engine, AnalyzerSettings settings, boolean own) {
        this.owned = own ? engine : null;
        try {
            this.detector = new FaceDetector(engine, settings.minFaceScore(), settings.minFaceSize());
            this.embedder = new FaceEmbedder(engine);
        } catch (RuntimeException e) {
            if (own) engine.close();
            throw e;
        }
    }

    /**
     * @param faceIndex 0 for the largest face, 1 for the next …
     * @throws IllegalArgumentException when the photo cannot be read or shows no such face
     */
    public float[] encode(byte[] photo, String name, int faceIndex) {
        return enrol(photo, name, faceIndex).feature();
    }

    /** A face taken from a photo: its feature and the aligned 112×112 crop (what a watch list shows). */
    public record Enrolled(float[] feature, byte[] alignedJpeg) {}

    /** As {@link #encode}, keeping the aligned crop as a JPEG too. */
    public synchronized Enrolled enrol(byte[] photo, String name, int faceIndex) {
        Mat image;
        try {
            image = BgrMats.toMat(ImageFileSource.decode(photo, name));
        } catch (DecodeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        try (image) {
            List<DetectedFace> faces = detector.detect(image).stream()
                    .sorted(Comparator.comparingLong((DetectedFace f) -> f.box().area()).reversed()).toList();
            if (faces.isEmpty()) throw new IllegalArgumentException(name + ": no face found in the query photo");
            if (faceIndex < 0 || faceIndex >= faces.size()) {
                throw new IllegalArgumentException(name + ": face index " + faceIndex + " but the photo shows " + faces.size() + " face(s)");
            }
            try (Mat aligned = FaceAligner.align(image, faces.get(faceIndex).landmarks())) {
                return new Enrolled(embedder.embed(aligned), org.vistruct.analyzer.image.Crops.jpeg(aligned, 90));
            }
        }
    }

    /**
     * The feature of the largest face of a face close-up (a pushed picture), trying again with a
     * margin around the picture when the face fills it; null when no face is found or the picture
     * does not decode.
     */
    public synchronized float[] featureOfCloseUp(byte[] jpeg) {
        Mat image;
        try {
            image = BgrMats.toMat(ImageFileSource.decode(jpeg, "face picture"));
        } catch (DecodeException | RuntimeException e) {
            return null;
        }
        try (image) {
            float[] f = largest(image);
            if (f != null) return f;
            int m = Math.max(image.rows(), image.cols()) / 2;
            try (Mat padded = new Mat()) {
                org.bytedeco.opencv.global.opencv_core.copyMakeBorder(image, padded, m, m, m, m, org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT,
                        new org.bytedeco.opencv.opencv_core.Scalar(0.0));
                return largest(padded);
            }
        }
    }

    private float[] largest(Mat image) {
        List<DetectedFace> faces = detector.detect(image).stream().sorted(Comparator.comparingLong((DetectedFace f) -> f.box().area()).reversed()).toList();
        if (faces.isEmpty()) return null;
        try (Mat aligned = FaceAligner.align(image, faces.get(0).landmarks())) {
            return embedder.embed(aligned);
        }
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
    }
}
