package org.vistruct.analyzer;

import org.vistruct.analyzer.face.FaceDetector;
import org.vistruct.analyzer.face.FaceEmbedder;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.analyzer.plate.LprNetRecognizer;
import org.vistruct.analyzer.plate.OcrPlateRecognizer;
import org.vistruct.analyzer.plate.PlateColorClassifier;
import org.vistruct.analyzer.plate.PlateDetector;
import org.vistruct.analyzer.plate.PlateReader;
import org.vistruct.analyzer.vehicle.ObjectDetector;
import org.vistruct.analyzer.vehicle.VehicleAttributes;

import java.util.List;

/**
 * The loaded models of the vehicle and plate analysis. Each holds reusable input buffers, so one
 * instance serves one analysis thread.
 */
public final class AnalysisModels implements AutoCloseable {
    final ObjectDetector objects;
    final PlateDetector plates;
    final OcrPlateRecognizer ocr;
    final LprNetRecognizer lprNet;
    final PlateReader reader;
    final PlateColorClassifier plateColor;
    final VehicleAttributes attributes;
    final FaceDetector faces;
    final FaceEmbedder faceEmbedder;

    /** Loads every model, failing with a message that names the first missing or corrupt one. */
    public AnalysisModels(ModelFiles files, InferenceOptions options, AnalyzerSettings settings) {
        this.objects = new ObjectDetector(files, options, settings.minObjectScore());
        this.plates = new PlateDetector(settings.plateDetectorSize(), files, options, settings.minPlateScore());
        this.ocr = new OcrPlateRecognizer(files, options);
        this.lprNet = new LprNetRecognizer(files, options);
        this.reader = new PlateReader(ocr, lprNet);
        this.plateColor = new PlateColorClassifier(files, options);
        this.attributes = new VehicleAttributes(files, options);
        this.faces = settings.faces() ? new FaceDetector(files, options, settings.minFaceScore(), settings.minFaceSize()) : null;
        this.faceEmbedder = settings.faces() ? new FaceEmbedder(files, options) : null;
    }

    /** The face detector and embedder, also used to read query photos; null when faces are off. */
    public FaceDetector faceDetector() { return faces; }

    public FaceEmbedder faceEmbedder() { return faceEmbedder; }

    public PlateReader plateReader() { return reader; }

    public List<OnnxModel> models() {
        List<OnnxModel> all = new java.util.ArrayList<>(List.of(objects.model(), plates.model(), ocr.model(), lprNet.model(),
                plateColor.model(), attributes.model()));
        if (faces != null) all.addAll(List.of(faces.model(), faceEmbedder.model()));
        return all;
    }

    @Override
    public void close() {
        objects.close();
        plates.close();
        reader.close();
        plateColor.close();
        attributes.close();
        if (faces != null) faces.close();
        if (faceEmbedder != null) faceEmbedder.close();
    }
}
