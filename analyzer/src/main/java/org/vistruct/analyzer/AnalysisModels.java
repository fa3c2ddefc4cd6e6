package org.vistruct.analyzer;

import org.vistruct.analyzer.face.FaceDetector;
import org.vistruct.analyzer.face.FaceEmbedder;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.analyzer.plate.LprNetRecognizer;
import org.vistruct.analyzer.plate.OcrPlateRecognizer;
import org.vistruct.analyzer.plate.PlateColorClassifier;
import org.vistruct.analyzer.plate.PlateDetector;
import org.vistruct.analyzer.plate.PlateReader;
import org.vistruct.analyzer.plate.ProvinceRepair;
import org.vistruct.analyzer.vehicle.ObjectDetector;
import org.vistruct.analyzer.vehicle.VehicleAttributes;

import java.util.List;

/**
 * The models of the vehicle, plate and face analysis as one analysis thread uses them: the
 * sessions come from the node's {@link InferenceEngine} (each model loaded once, shared by every
 * thread); the pre-processing buffers here are this thread's own, so one instance serves one
 * analysis thread.
 */
public final class AnalysisModels implements AutoCloseable {
    final ObjectDetector objects;
    final PlateDetector plates;
    /** The small plate detector run inside vehicle boxes, or null when plates are searched on whole frames. */
    final PlateDetector vehiclePlates;
    final OcrPlateRecognizer ocr;
    final LprNetRecognizer lprNet;
    final PlateReader reader;
    final PlateColorClassifier plateColor;
    final VehicleAttributes attributes;
    final FaceDetector faces;
    final FaceEmbedder faceEmbedder;
    /** The engine when this instance made its own (the CLI, tests), closed with it; null when it shares the node's. */
    private final InferenceEngine owned;

    /** Loads every model into an engine of its own, failing with a message that names the first missing or corrupt one. */
    public AnalysisModels(ModelFiles files, InferenceOptions options, AnalyzerSettings settings) {
        this(new InferenceEngine(files, options), settings, true);
    }

    /** Uses the node's sessions (loading those not loaded yet); closing this leaves them to the engine. */
    public AnalysisModels(InferenceEngine engine, AnalyzerSettings settings) { this(engine, settings, false); }

    private AnalysisModels(InferenceEngine engine, AnalyzerSettings settings, boolean own) {
        this.owned = own ? engine : null;
        try {
            this.objects = new ObjectDetector(engine, settings.minObjectScore());
            this.plates = new PlateDetector(settings.plateDetectorSize(), engine, settings.minPlateScore());
            this.vehiclePlates = settings.platesInVehicles() && settings.vehicles() ? new PlateDetector(320, engine, settings.minPlateScore()) : null;
            this.ocr = new OcrPlateRecognizer(engine);
            this.lprNet = new LprNetRecognizer(engine);
            this.reader = new PlateReader(ocr, lprNet, new ProvinceRepair(settings.localProvinces()));
            this.plateColor = new PlateColorClassifier(engine);
            this.attributes = new VehicleAttributes(engine);
            this.faces = settings.faces() ? new FaceDetector(engine, settings.minFaceScore(), settings.minFaceSize()) : null;
            this.faceEmbedder = settings.faces() ? new FaceEmbedder(engine) : null;
        } catch (RuntimeException e) {
            if (own) engine.close();
            throw e;
        }
    }

    /** The face detector and embedder, also used to read query photos; null when faces are off. */
    public FaceDetector faceDetector() { return faces; }

    public FaceEmbedder faceEmbedder() { return faceEmbedder; }

    public PlateReader plateReader() { return reader; }

    public List<OnnxModel> models() {
        List<OnnxModel> all = new java.util.ArrayList<>(List.of(objects.model(), plates.model(), ocr.model(), lprNet.model(),
                plateColor.model(), attributes.model()));
        if (vehiclePlates != null && vehiclePlates.model() != plates.model()) all.add(vehiclePlates.model());
        if (faces != null) all.addAll(List.of(faces.model(), faceEmbedder.model()));
        return all;
    }

    /** Closes the engine when it is this instance's own; the node's engine outlives its threads. */
    @Override
    public void close() {
        if (owned != null) owned.close();
    }
}
