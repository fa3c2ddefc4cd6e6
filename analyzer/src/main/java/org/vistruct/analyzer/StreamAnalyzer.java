package org.vistruct.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.image.Crops;
import org.vistruct.analyzer.plate.PlateCandidate;
import org.vistruct.analyzer.plate.PlateColorClassifier;
import org.vistruct.analyzer.plate.PlateReading;
import org.vistruct.analyzer.track.Observation;
import org.vistruct.analyzer.track.PlateVote;
import org.vistruct.analyzer.track.SceneCutDetector;
import org.vistruct.analyzer.track.VehicleTrack;
import org.vistruct.analyzer.track.VehicleTracker;
import org.vistruct.analyzer.vehicle.Detection;
import org.vistruct.analyzer.vehicle.VehicleAttributes;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.VehicleClass;
import org.vistruct.decoder.BgrMats;
import org.vistruct.decoder.DecodedFrame;

/**
 * Turns the sampled frames of one stream into vehicle passes: per frame it detects vehicles and
 * plates and feeds the tracker; when a track ends it reads the track's best plate shots, votes,
 * classifies colours and type once, and encodes the pictures.
 */
public final class StreamAnalyzer implements AutoCloseable {
    private static final int JPEG_QUALITY = 88;
    /** Attribute-model confidence above which its type overrules the detector's bus/truck. */
    private static final float ATTRIBUTES_OVERRULE = 0.8f;
    private final AnalysisModels models;
    private final AnalyzerSettings settings;
    private final VehicleTracker tracker;
    private final SceneCutDetector sceneCut;
    private final boolean stills;
    private long framesAnalysed;

    /** @param stills whether the frames are unrelated pictures (a folder of checkpoint photos), not a video */
    public StreamAnalyzer(AnalysisModels models, AnalyzerSettings settings, boolean stills) {
        this.models = models;
        this.settings = settings;
        this.stills = stills;
        this.tracker = new VehicleTracker(settings.trackTimeoutMs(), settings.trackMaxAgeMs(), settings.readsPerTrack());
        this.sceneCut = new SceneCutDetector(settings.sceneCutThreshold());
    }

    /** Analyses one frame; returns the passes of the vehicles whose tracks ended with it. */
    public List<VehiclePass> accept(DecodedFrame frame) {
        framesAnalysed++;
        try (Mat mat = BgrMats.toMat(frame.image())) {
            boolean cut = stills || sceneCut.isCut(mat);
            List<Observation> observations = observe(mat);
            List<VehicleTrack> ended = tracker.update(observations, mat, frame.wallTimeMs(), frame.offsetMs(), cut);
            if (stills) ended.addAll(tracker.flush());
            return finish(ended, mat.cols() * (long) mat.rows());
        }
    }

    /** Ends every open track (end of the stream) and returns their passes. */
    public List<VehiclePass> flush(long frameArea) {
        return finish(tracker.flush(), frameArea);
    }

    public long framesAnalysed() { return framesAnalysed; }

    List<Observation> observe(Mat frame) {
        List<Detection> vehicles = models.objects.detect(frame).stream().filter(Detection::isVehicle).toList();
        List<PlateCandidate> plates = new ArrayList<>(models.plates.detect(frame));
        plates.sort(Comparator.comparingDouble(PlateCandidate::score).reversed());
        List<Observation> out = new ArrayList<>();
        List<Detection> withPlate = new ArrayList<>();
        for (PlateCandidate p : plates) {
            Detection owner = null;
            for (Detection v : vehicles) {
                if (withPlate.contains(v) || v.box().covers(p.box()) < 0.8f) continue;
                if (owner == null || v.box().area() < owner.box().area()) owner = v;
            }
            if (owner != null) withPlate.add(owner);
            out.add(Observation.of(owner, p, frame));
        }
        for (Detection v : vehicles) if (!withPlate.contains(v)) out.add(Observation.of(v, null, frame));
        return out;
    }

    private List<VehiclePass> finish(List<VehicleTrack> tracks, long frameArea) {
        List<VehiclePass> passes = new ArrayList<>();
        for (VehicleTrack t : tracks) {
            try {
                VehiclePass p = toPass(t, frameArea);
                if (p != null) passes.add(p);
            } finally {
                t.release();
            }
        }
        passes.sort(Comparator.comparingLong(VehiclePass::passTime));
        return passes;
    }

    private VehiclePass toPass(VehicleTrack t, long frameArea) {
        boolean plateSeen = !t.plateShots().isEmpty();
        if (!plateSeen) {
            // a vehicle without a plate is written only when it was seen well enough to have shown one
            Box b = t.bestObservation().box();
            if (b.area() < settings.minVehicleAreaShare() * frameArea) return null;
            if (!stills && t.frames() < 2) return null;
        }
        PlateVote vote = null;
        ColorCode plateColor = null;
        int plateColorConf = 0;
        byte[] plateJpeg = null;
        if (plateSeen) {
            List<PlateReading> readings = new ArrayList<>();
            for (VehicleTrack.PlateShot s : t.plateShots()) readings.add(models.reader.read(s.plate()));
            vote = PlateVote.of(readings);
            int shot = 0;
            for (int i = 0; i < readings.size(); i++) if (readings.get(i).text().equals(vote.text())) { shot = i; break; }
            Mat plate = t.plateShots().get(shot).plate();
            PlateColorClassifier.Result c = models.plateColor.classify(plate, vote.text());
            plateColor = c.color();
            plateColorConf = Math.round(100 * c.confidence());
            plateJpeg = Crops.jpeg(plate, JPEG_QUALITY);
        }
        Box closeUpBox = t.closeUpBox().clip(t.bestFrame().cols(), t.bestFrame().rows());
        byte[] closeUpJpeg = null;
        VehicleAttributes.Result attrs = null;
        try (Mat closeUp = Crops.crop(t.bestFrame(), closeUpBox)) {
            if (closeUp != null) {
                closeUpJpeg = Crops.jpeg(closeUp, JPEG_QUALITY);
                attrs = models.attributes.classify(closeUp);
            }
        }
        VehicleClass vclass;
        int classConf;
        String detectorClass = t.vehicleClass();
        boolean detectorDecides = detectorClass != null && !detectorClass.equals("car");
        if (detectorDecides && attrs != null && !attrs.type().equals(detectorClass) && attrs.typeConfidence() >= ATTRIBUTES_OVERRULE) {
            // YOLOX calls close-ups of cars "truck"; a confident attribute model overrules it
            detectorDecides = false;
            detectorClass = "car";
        }
        vclass = VehicleClass.map(detectorClass, attrs == null ? null : attrs.type());
        classConf = detectorDecides ? Math.round(100 * t.vehicleScore())
                : attrs == null ? 0 : Math.round(100 * attrs.typeConfidence() * (detectorClass == null ? 0.7f : 1f));
        Observation best = t.bestObservation();
        Box box = best.vehicle() != null ? best.vehicle().box() : closeUpBox;
        return new VehiclePass(t.firstWallMs(), t.lastWallMs(), t.bestWallMs(), t.bestOffsetMs(), box,
                vote, plateColor, plateColorConf, vclass, classConf,
                attrs == null ? ColorCode.OTHER : attrs.color(), attrs == null ? 0 : Math.round(100 * attrs.colorConfidence()),
                Crops.jpeg(t.bestFrame(), JPEG_QUALITY), closeUpJpeg, plateJpeg);
    }

    @Override
    public void close() {
        tracker.flush().forEach(VehicleTrack::release);
    }
}
