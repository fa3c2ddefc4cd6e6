package org.vistruct.analyzer.track;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.plate.PlateReading;
import org.vistruct.analyzer.plate.PlateRectifier;
import org.vistruct.core.Box;

/**
 * One vehicle followed across frames. It keeps only what the record needs: the frame with the
 * best view (for the scene and close-up pictures) and the few best plate shots (read once, when
 * the track ends), never every frame.
 */
public final class VehicleTrack extends BoxTrack<Observation> {
    /**
     * A rectified plate with the quality it was chosen by, whether the detector saw two rows, and
     * its reading once read (read once, however often asked).
     */
    public static final class PlateShot {
        private final Mat plate;
        private final float quality;
        private final boolean doubleLayer;
        private PlateReading reading;

        PlateShot(Mat plate, float quality, boolean doubleLayer) {
            this.plate = plate;
            this.quality = quality;
            this.doubleLayer = doubleLayer;
        }

        public Mat plate() { return plate; }

        public boolean doubleLayer() { return doubleLayer; }

        public float quality() { return quality; }

        public PlateReading reading(java.util.function.Function<Mat, PlateReading> reader) {
            if (reading == null) reading = reader.apply(plate);
            return reading;
        }
    }

    private final int maxPlateShots;
    private Appearance plateLook, plateAreaLook, vehicleLook;
    private String vehicleClass;
    private float vehicleScore;
    private boolean writtenEarly;

    private final BestView<Observation> best = new BestView<>();
    private final List<PlateShot> plateShots = new ArrayList<>();

    public VehicleTrack(String recordId, int maxPlateShots, long wallMs) {
        super(recordId, wallMs);
        this.maxPlateShots = maxPlateShots;
    }

    @Override
    protected void observe(Observation o, Mat frame, long wallMs, long offsetMs) {
        if (o.plateLook() != null) plateLook = o.plateLook();
        if (o.plateAreaLook() != null) plateAreaLook = o.plateAreaLook();
        if (o.vehicleLook() != null) vehicleLook = o.vehicleLook();
        if (o.vehicle() != null && o.vehicle().score() > vehicleScore) {
            vehicleScore = o.vehicle().score();
            vehicleClass = o.vehicle().className();
        }
        best.offer(o, quality(o), frame, wallMs, offsetMs);
        if (o.plate() != null) keepPlateShot(o, frame);
    }

    /** A plate in view beats no plate; then bigger and surer is better. */
    private static float quality(Observation o) {
        float q = 0;
        if (o.plate() != null) q += 1_000_000f + o.plate().score() * Math.min(o.plate().box().width(), 400) * 1000f;
        if (o.vehicle() != null) q += o.vehicle().score() * Math.min(o.vehicle().box().area(), 999_999L) / 1000f;
        return q;
    }

    private void keepPlateShot(Observation o, Mat frame) {
        float q = o.plate().score() * Math.min(o.plate().box().width(), 400);
        if (plateShots.size() >= maxPlateShots && q <= plateShots.get(plateShots.size() - 1).quality()) return;
        plateShots.add(new PlateShot(PlateRectifier.rectify(frame, o.plate()), q, o.plate().doubleLayer()));
        plateShots.sort(Comparator.comparingDouble(PlateShot::quality).reversed());
        while (plateShots.size() > maxPlateShots) plateShots.remove(plateShots.size() - 1).plate().close();
    }

    /**
     * How well the observation continues this track (0-1): the overlap with the last observation,
     * or 0 when the plate or the vehicle looks different from the track's latest look of it.
     */
    @Override
    protected float match(Observation o) {
        if (differ(plateLook, o.plateLook(), Observation.SAME_PLATE)
                || differ(plateAreaLook, o.plateAreaLook(), Observation.SAME_VEHICLE)
                || differ(vehicleLook, o.vehicleLook(), Observation.SAME_VEHICLE)) return 0f;
        return last().overlap(o);
    }

    private static boolean differ(Appearance a, Appearance b, float threshold) {
        return a != null && b != null && a.similarity(b) < threshold;
    }

    /** The detector's class with the highest score over the track, or null if only a plate was seen. */
    public String vehicleClass() { return vehicleClass; }

    /** The detector's best score for the vehicle, 0 if only a plate was seen. */
    public float vehicleScore() { return vehicleScore; }

    public BestView<Observation> best() { return best; }

    public List<PlateShot> plateShots() { return plateShots; }

    /** Whether a provisional record of this vehicle was written while it was in view. */
    public boolean writtenEarly() { return writtenEarly; }

    public void markWrittenEarly() { writtenEarly = true; }

    /** The vehicle close-up: its box, or around a plate seen without a vehicle. */
    public Box closeUpBox() {
        Observation o = best.sighting();
        if (o.vehicle() != null) return o.vehicle().box().expand(0.05f);
        return Observation.areaAround(o.plate().box());
    }


    @Override
    public void release() {
        best.release();
        plateShots.forEach(s -> s.plate().close());
        plateShots.clear();
    }
}
