package org.vistruct.analyzer.track;

import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.analyzer.plate.PlateCandidate;
import org.vistruct.analyzer.plate.PlateRectifier;
import org.vistruct.analyzer.vehicle.Detection;
import org.vistruct.core.Box;

/**
 * A vehicle, its plate, or both, seen in one frame, with how each looked; at least one is present.
 * Looks are compared like with like: the vehicle box, the car front around the plate, the
 * rectified plate itself.
 */
public record Observation(Detection vehicle, PlateCandidate plate, Appearance vehicleLook, Appearance plateAreaLook,
                          Appearance plateLook) {
    /**
     * Below these similarities two sightings are different objects, however well they overlap.
     * Measured on the test videos: the same car 0.95-0.99 between sampled frames, different cars
     * parked at the same place 0.50-0.72; rectified plates are noisier when small (0.25-0.62 for
     * the same plate, 0.13-0.27 for most different ones).
     */
    static final float SAME_VEHICLE = 0.85f, SAME_PLATE = 0.2f;

    public Observation {
        if (vehicle == null && plate == null) throw new IllegalArgumentException("empty observation");
    }

    public static Observation of(Detection vehicle, PlateCandidate plate, Mat frame) {
        Appearance plateLook = null;
        if (plate != null) {
            // the rectified plate, at a size where its characters still differ from another plate's
            try (Mat rectified = PlateRectifier.rectify(frame, plate)) {
                plateLook = Appearance.of(rectified, new Box(0, 0, rectified.cols(), rectified.rows()), 48, 16);
            }
        }
        return new Observation(vehicle, plate, vehicle == null ? null : Appearance.of(frame, vehicle.box(), 16, 16),
                plate == null ? null : Appearance.of(frame, areaAround(plate.box()), 16, 16), plateLook);
    }

    /** The car front around a plate: the region a vehicle close-up shows when no vehicle was detected. */
    public static Box areaAround(Box p) {
        return new Box(p.leftTopX() - 2 * p.width(), p.leftTopY() - 4 * p.height(), p.rightBtmX() + 2 * p.width(), p.rightBtmY() + 2 * p.height());
    }

    /** The box that stands for the object: the vehicle's, or for a plate seen alone, the plate's. */
    public Box box() { return vehicle != null ? vehicle.box() : plate.box(); }

    /** How much the two observations' boxes overlap (0-1), whatever they look like. */
    public float overlap(Observation o) {
        float best = 0;
        if (vehicle != null && o.vehicle != null) best = Math.max(best, vehicle.box().iou(o.vehicle.box()));
        if (plate != null && o.plate != null) best = Math.max(best, plate.box().iou(o.plate.box()));
        if (vehicle != null && o.vehicle == null && vehicle.box().covers(o.plate.box()) > 0.9f) best = Math.max(best, 0.5f);
        if (vehicle == null && o.vehicle != null && o.vehicle.box().covers(plate.box()) > 0.9f) best = Math.max(best, 0.5f);
        return best;
    }
}
