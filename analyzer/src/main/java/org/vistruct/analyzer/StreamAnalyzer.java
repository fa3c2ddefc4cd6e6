package org.vistruct.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.face.DetectedFace;
import org.vistruct.analyzer.face.FaceEmbedder;
import org.vistruct.analyzer.image.Crops;
import org.vistruct.analyzer.plate.PlateCandidate;
import org.vistruct.analyzer.plate.PlateColorClassifier;
import org.vistruct.analyzer.plate.PlateReading;
import org.vistruct.analyzer.track.BoxTracker;
import org.vistruct.analyzer.track.FaceTrack;
import org.vistruct.analyzer.track.MotionGate;
import org.vistruct.analyzer.track.Observation;
import org.vistruct.analyzer.track.PersonTrack;
import org.vistruct.analyzer.track.PlateVote;
import org.vistruct.analyzer.track.SceneCutDetector;
import org.vistruct.analyzer.track.VehicleTrack;
import org.vistruct.analyzer.vehicle.Detection;
import org.vistruct.analyzer.vehicle.VehicleAttributes;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.RecordIds;
import org.vistruct.core.RecordType;
import org.vistruct.core.VehicleClass;
import org.vistruct.decoder.BgrMats;
import org.vistruct.decoder.DecodedFrame;

/**
 * Turns the sampled frames of one stream into passes of vehicles, people and faces. Per frame it
 * runs the detectors and feeds one tracker per kind; when a track ends, the expensive work is done
 * once on its best shots (plate reading and voting, colours and type, face features) and the
 * pictures are encoded. Record ids are fixed when a track starts, so a face can name its person.
 * A vehicle whose plate has been seen often enough is also written early, provisionally, so that
 * a watched plate alerts while the vehicle is still in view; its final pass replaces that record.
 */
public final class StreamAnalyzer implements AutoCloseable {
    private static final int JPEG_QUALITY = 88;
    /** Attribute-model confidence above which its type overrules the detector's bus/truck. */
    private static final float ATTRIBUTES_OVERRULE = 0.8f;
    /** Plate-vote reliability at which a vehicle is written early, before all its plate shots are in. */
    private static final int EARLY_RELIABILITY = 85;
    /** Smallest person (share of the frame) written as a record. */
    private static final double MIN_PERSON_AREA_SHARE = 0.003;

    private final AnalysisModels models;
    private final AnalyzerSettings settings;
    private final boolean stills;
    private final BoxTracker<Observation, VehicleTrack> vehicles;
    private final BoxTracker<Detection, PersonTrack> persons;
    private final BoxTracker<FaceTrack.Sighting, FaceTrack> faces;
    private final SceneCutDetector sceneCut;
    private final MotionGate motion = new MotionGate();
    private final PlateSearch plateSearch;
    private long framesAnalysed, framesGated, frameArea = 1;
    /** Media time of the last frame the detectors ran on (far in the past before the first, without overflowing a subtraction). */
    private long lastDetectionOffset = Long.MIN_VALUE / 4;

    /**
     * @param stills   whether the frames are unrelated pictures (a folder of checkpoint photos), not a video
     * @param deviceId the camera the frames come from, part of every record id
     */
    public StreamAnalyzer(AnalysisModels models, AnalyzerSettings settings, boolean stills, String deviceId, RecordIds ids) {
        this.models = models;
        this.settings = settings;
        this.stills = stills;
        long timeout = settings.trackTimeoutMs(), age = settings.trackMaxAgeMs();
        this.vehicles = new BoxTracker<>(timeout, age, wall -> new VehicleTrack(ids.next(deviceId, wall, RecordType.MotorVehicle), settings.readsPerTrack(), wall));
        this.persons = new BoxTracker<>(timeout, age, wall -> new PersonTrack(ids.next(deviceId, wall, RecordType.Person), wall));
        this.faces = new BoxTracker<>(timeout, age, wall -> new FaceTrack(ids.next(deviceId, wall, RecordType.Face), settings.readsPerTrack(), wall));
        this.sceneCut = new SceneCutDetector(settings.sceneCutThreshold());
        this.plateSearch = new PlateSearch(models.plates, stills ? null : models.vehiclePlates);
    }

    /** Analyses one frame; returns the passes of the objects whose tracks ended with it. */
    public List<Pass> accept(DecodedFrame frame) {
        framesAnalysed++;
        try (Mat mat = BgrMats.toMat(frame.image())) {
            frameArea = (long) mat.cols() * mat.rows();
            long wall = frame.wallTimeMs(), offset = frame.offsetMs();
            boolean moved = stills || motion.moved(mat);
            boolean cut = stills || sceneCut.isCut(motion.thumbnail()); // the same thumbnail: one resize of the frame
            lastFrameCut = cut && framesAnalysed > 1;
            // motion gating: a picture that did not change holds nothing new, and what is followed stays where it
            // is (a parked car); the detectors run again on change, and on a full pass now and then, which finds
            // what came in too slowly to be seen as change. A track is held only once it has its shots.
            if (!moved && !cut && settings.fullPassMs() > 0 && offset - lastDetectionOffset < settings.fullPassMs() && settled()) {
                framesGated++;
                return held(wall, offset);
            }
            lastDetectionOffset = offset;
            List<Pass> out = new ArrayList<>();
            List<Detection> objects = settings.vehicles() || settings.persons() ? models.objects.detect(mat) : List.of();
            if (settings.vehicles()) {
                List<Detection> found = objects.stream().filter(Detection::isVehicle).filter(d -> d.score() >= settings.minObjectScore()).toList();
                vehicles.update(observe(mat, found), mat, wall, offset, cut).forEach(t -> finish(t, this::toPass, out));
                if (settings.earlyRecords() && !stills) writeEarly(wall, out);
            }
            if (settings.persons()) {
                List<Detection> people = objects.stream().filter(d -> d.className().equals("person") && d.score() >= settings.minPersonScore()).toList();
                persons.update(people, mat, wall, offset, cut).forEach(t -> finish(t, this::toPass, out));
            }
            if (settings.faces()) {
                List<PersonTrack> present = persons.seenAt(wall);
                // a face belongs to someone: on video the face detector runs only where the object detector saw a person
                // (a street of cars costs no face pass); pictures, and nodes without the object detector, always
                boolean someone = stills || objects.stream().anyMatch(d -> d.className().equals("person")) || !(settings.vehicles() || settings.persons());
                List<FaceTrack.Sighting> sightings = !someone ? List.of()
                        : models.faces.detect(mat).stream().map(f -> new FaceTrack.Sighting(f, personOf(f, present))).toList();
                faces.update(sightings, mat, wall, offset, cut).forEach(t -> finish(t, this::toPass, out));
                if (settings.earlyRecords() && !stills) writeEarlyFaces(wall, out);
            }
            if (stills) out.addAll(flush());
            out.sort(Comparator.comparingLong(StreamAnalyzer::time));
            return out;
        }
    }

    /**
     * Whether every object followed can be held through still frames without losing what its record
     * needs: a vehicle with a plate after four times reads-per-track frames (the detector's plate score
     * on each new frame is what picks the sharpest shots, and the first frames after a change are the
     * encoder's worst), a vehicle without a plate, people and faces after reads-per-track frames.
     * Tracks the last pass did not see are not waited for (a flickering detection would keep a still
     * scene analysed on every frame).
     */
    private boolean settled() {
        int n = settings.readsPerTrack();
        long pass = lastDetectionOffset; // tracks the last pass did not see are fading, not waiting for shots
        return vehicles.all(t -> t.lastSightingOffsetMs() < pass || t.frames() >= (t.plateShots().isEmpty() ? n : 4 * n))
                && persons.all(t -> t.lastSightingOffsetMs() < pass || t.frames() >= n)
                && faces.all(t -> t.lastSightingOffsetMs() < pass || t.frames() >= n);
    }

    /** A gated frame: the tracks the last pass saw stay open as they are; those timed out or at their age limit end and are written. */
    private List<Pass> held(long wall, long offset) {
        List<Pass> out = new ArrayList<>();
        vehicles.hold(wall, offset, lastDetectionOffset).forEach(t -> finish(t, this::toPass, out));
        persons.hold(wall, offset, lastDetectionOffset).forEach(t -> finish(t, this::toPass, out));
        faces.hold(wall, offset, lastDetectionOffset).forEach(t -> finish(t, this::toPass, out));
        out.sort(Comparator.comparingLong(StreamAnalyzer::time));
        return out;
    }

    /** Ends every open track (end of the stream) and returns their passes. */
    public List<Pass> flush() {
        List<Pass> out = new ArrayList<>();
        vehicles.flush().forEach(t -> finish(t, this::toPass, out));
        persons.flush().forEach(t -> finish(t, this::toPass, out));
        faces.flush().forEach(t -> finish(t, this::toPass, out));
        return out;
    }

    public long framesAnalysed() { return framesAnalysed; }

    /** Sampled frames on which the detectors did not run: the picture did not change (motion gating). */
    public long framesGated() { return framesGated; }

    /**
     * Whether no object is being followed: everything seen so far has been handed out as passes. A
     * job can resume from such a point as if it started there.
     */
    public boolean quiet() { return vehicles.isEmpty() && persons.isEmpty() && faces.isEmpty(); }

    private boolean lastFrameCut;

    /**
     * Whether the last frame was a scene cut: every track open before it ended there, so analysis
     * started fresh at that frame follows the same objects under the same ids.
     */
    public boolean lastFrameWasCut() { return lastFrameCut; }

    private static long time(Pass p) {
        return switch (p) {
            case VehiclePass v -> v.passTime();
            case FacePass f -> f.shotTime();
            case PersonPass s -> s.shotTime();
        };
    }

    private interface Finisher<T> {
        Pass apply(T track);
    }

    private static <T extends org.vistruct.analyzer.track.BoxTrack<?>> void finish(T track, Finisher<T> f, List<Pass> out) {
        try {
            Pass p = f.apply(track);
            if (p != null) out.add(p);
        } finally {
            track.release();
        }
    }

    /** The person whose box holds the face's centre in its upper half, smallest box first. */
    private static String personOf(DetectedFace f, List<PersonTrack> present) {
        float cx = (f.box().leftTopX() + f.box().rightBtmX()) / 2f, cy = (f.box().leftTopY() + f.box().rightBtmY()) / 2f;
        PersonTrack owner = null;
        for (PersonTrack p : present) {
            Box b = p.last().box();
            boolean inside = cx >= b.leftTopX() && cx <= b.rightBtmX() && cy >= b.leftTopY() && cy <= b.leftTopY() + b.height() / 2f;
            if (inside && (owner == null || b.area() < owner.last().box().area())) owner = p;
        }
        return owner == null ? null : owner.recordId();
    }

    List<Observation> observe(Mat frame, List<Detection> vehicleDetections) {
        List<PlateCandidate> plates = new ArrayList<>(plateSearch.find(frame, vehicleDetections));
        plates.sort(Comparator.comparingDouble(PlateCandidate::score).reversed());
        List<Observation> out = new ArrayList<>();
        List<Detection> withPlate = new ArrayList<>();
        for (PlateCandidate p : plates) {
            Detection owner = null;
            for (Detection v : vehicleDetections) {
                if (withPlate.contains(v) || v.box().covers(p.box()) < 0.8f) continue;
                if (owner == null || v.box().area() < owner.box().area()) owner = v;
            }
            if (owner != null) withPlate.add(owner);
            out.add(Observation.of(owner, p, frame));
        }
        for (Detection v : vehicleDetections) if (!withPlate.contains(v)) out.add(Observation.of(v, null, frame));
        return out;
    }

    /**
     * Provisional passes of the vehicles in view whose plate is already read with confidence (one
     * sure reading, or agreeing ones), or has been seen reads-per-track times. Each plate shot is read
     * once; the final vote reuses the readings.
     */
    private void writeEarly(long wall, List<Pass> out) {
        for (VehicleTrack t : vehicles.seenAt(wall)) {
            if (t.writtenEarly() || t.plateShots().isEmpty()) continue;
            if (t.plateShots().size() < settings.readsPerTrack()) {
                List<PlateReading> readings = new ArrayList<>();
                for (VehicleTrack.PlateShot s : t.plateShots()) readings.add(s.reading(models.reader::read));
                PlateVote vote = PlateVote.of(readings);
                if (!vote.valid() || vote.reliability() < EARLY_RELIABILITY) continue;
            }
            t.markWrittenEarly();
            Pass p = toPass(t, true);
            if (p != null) out.add(p);
        }
    }

    /** Provisional passes of the faces in view seen well twice (or reads-per-track times, if fewer): a watched face alerts while in view. */
    private void writeEarlyFaces(long wall, List<Pass> out) {
        for (FaceTrack t : faces.seenAt(wall)) {
            if (t.writtenEarly() || t.shots().size() < Math.min(2, settings.readsPerTrack())) continue;
            t.markWrittenEarly();
            Pass p = toPass(t, true);
            if (p != null) out.add(p);
        }
    }

    private Pass toPass(VehicleTrack t) { return toPass(t, false); }

    private Pass toPass(VehicleTrack t, boolean provisional) {
        boolean plateSeen = !t.plateShots().isEmpty();
        if (!plateSeen) {
            // a vehicle without a plate is written only when it was seen well enough to have shown one
            Box b = t.best().sighting().box();
            if (b.area() < settings.minVehicleAreaShare() * frameArea) return null;
            if (!stills && t.frames() < 2) return null;
        }
        PlateVote vote = null;
        ColorCode plateColor = null;
        int plateColorConf = 0;
        byte[] plateJpeg = null;
        if (plateSeen) {
            List<PlateReading> readings = new ArrayList<>();
            for (VehicleTrack.PlateShot s : t.plateShots()) readings.add(s.reading(models.reader::read));
            vote = PlateVote.of(readings);
            int shot = 0;
            for (int i = 0; i < readings.size(); i++) {
                if (readings.get(i).text().equals(vote.text())) {
                    shot = i;
                    break;
                }
            }
            Mat plate = t.plateShots().get(shot).plate();
            PlateColorClassifier.Result c = models.plateColor.classify(plate, vote.text(), t.plateShots().get(shot).doubleLayer());
            plateColor = c.color();
            plateColorConf = Math.round(100 * c.confidence());
            plateJpeg = Crops.jpeg(plate, JPEG_QUALITY);
        }
        Box closeUpBox = t.closeUpBox().clip(t.best().frame().cols(), t.best().frame().rows());
        byte[] closeUpJpeg = null;
        VehicleAttributes.Result attrs = null;
        try (Mat closeUp = Crops.crop(t.best().frame(), closeUpBox)) {
            if (closeUp != null) {
                closeUpJpeg = Crops.jpeg(closeUp, JPEG_QUALITY);
                attrs = models.attributes.classify(closeUp);
            }
        }
        String detectorClass = t.vehicleClass();
        boolean detectorDecides = detectorClass != null && !detectorClass.equals("car");
        if (detectorDecides && attrs != null && !attrs.type().equals(detectorClass) && attrs.typeConfidence() >= ATTRIBUTES_OVERRULE) {
            // YOLOX calls close-ups of cars "truck"; a confident attribute model overrules it
            detectorDecides = false;
            detectorClass = "car";
        }
        VehicleClass vclass = VehicleClass.map(detectorClass, attrs == null ? null : attrs.type());
        int classConf = detectorDecides ? Math.round(100 * t.vehicleScore())
                : attrs == null ? 0 : Math.round(100 * attrs.typeConfidence() * (detectorClass == null ? 0.7f : 1f));
        Observation best = t.best().sighting();
        Box box = best.vehicle() != null ? best.vehicle().box() : closeUpBox;
        return new VehiclePass(t.recordId(), t.firstWallMs(), t.lastWallMs(), t.best().wallMs(), t.best().offsetMs(), box,
                vote, plateColor, plateColorConf, vclass, classConf,
                attrs == null ? ColorCode.OTHER : attrs.color(), attrs == null ? 0 : Math.round(100 * attrs.colorConfidence()),
                Crops.jpeg(t.best().frame(), JPEG_QUALITY), closeUpJpeg, plateJpeg, provisional);
    }

    private Pass toPass(PersonTrack t) {
        Box b = t.best().sighting().box();
        if (b.area() < MIN_PERSON_AREA_SHARE * frameArea || (!stills && t.frames() < 2)) return null;
        byte[] body;
        try (Mat crop = Crops.crop(t.best().frame(), b.expand(0.05f))) {
            if (crop == null) return null;
            body = Crops.jpeg(crop, JPEG_QUALITY);
        }
        return new PersonPass(t.recordId(), t.firstWallMs(), t.lastWallMs(), t.best().wallMs(), t.best().offsetMs(), b,
                Math.round(100 * t.bestScore()), body, Crops.jpeg(t.best().frame(), JPEG_QUALITY));
    }

    private Pass toPass(FaceTrack t) { return toPass(t, false); }

    private Pass toPass(FaceTrack t, boolean provisional) {
        if (t.shots().isEmpty()) return null;
        float[] sum = null;
        for (FaceTrack.Shot s : t.shots()) {
            float[] f = s.feature(models.faceEmbedder::embed);
            if (sum == null) sum = new float[f.length];
            float w = Math.max(1e-3f, s.quality());
            for (int i = 0; i < f.length; i++) sum[i] += w * f[i];
        }
        byte[] faceJpeg;
        try (Mat crop = Crops.crop(t.best().frame(), t.closeUpBox())) {
            if (crop == null) return null;
            faceJpeg = Crops.jpeg(crop, JPEG_QUALITY);
        }
        return new FacePass(t.recordId(), t.firstWallMs(), t.lastWallMs(), t.best().wallMs(), t.best().offsetMs(), t.best().sighting().box(),
                FaceEmbedder.normalise(sum), Math.round(100 * t.best().quality()), t.personId(), faceJpeg, Crops.jpeg(t.best().frame(), JPEG_QUALITY),
                provisional);
    }

    @Override
    public void close() {
        vehicles.flush().forEach(VehicleTrack::release);
        persons.flush().forEach(PersonTrack::release);
        faces.flush().forEach(FaceTrack::release);
    }
}
