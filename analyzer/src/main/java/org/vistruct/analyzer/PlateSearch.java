package org.vistruct.analyzer;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.vistruct.analyzer.image.Nms;
import org.vistruct.analyzer.plate.PlateCandidate;
import org.vistruct.analyzer.plate.PlateDetector;
import org.vistruct.analyzer.vehicle.Detection;
import org.vistruct.core.Box;

/**
 * Where the plate detector looks in a frame. With vehicle boxes: inside each vehicle, with the small
 * detector, which costs a fraction of the large one on the whole frame. The region is the box grown
 * by a quarter on every side and made square: with less context the detector missed plates it finds
 * on the whole frame (the tilted plate of ccpd_tilt2 in the slideshow: found with the square region,
 * missed with a 10 % margin); a vehicle that fills most of the frame (a checkpoint close-up)
 * and a frame in which no vehicle was found are searched whole, so a plate whose car the object
 * detector missed is still read. Not the default: one labelled plate of the H.265 slideshow
 * (皖A060T2, rotated) sits where PP-OCRv4 and LPRNet disagree, and the corners found in any vehicle
 * region (either detector, margins of 10-50 %) tip it to 皖A06012 where the whole frame's do not.
 * Checkpoint photos (stills) are always searched whole: the object
 * detector misses many close-ups while finding a car behind (ccpd_tilt2), and a photo is analysed once.
 */
final class PlateSearch {
    /** Share of a vehicle box's size added on every side. */
    static final float MARGIN = 0.25f;
    /** A vehicle box (with its margin) covering this share of the frame: the frame is searched whole. */
    static final double CLOSE_UP_SHARE = 0.5;
    private final PlateDetector frameDetector, cropDetector;

    /** @param cropDetector the detector run inside vehicle boxes, or null to search whole frames only (stills) */
    PlateSearch(PlateDetector frameDetector, PlateDetector cropDetector) {
        this.frameDetector = frameDetector;
        this.cropDetector = cropDetector;
    }

    List<PlateCandidate> find(Mat frame, List<Detection> vehicles) {
        if (cropDetector == null || vehicles.isEmpty()) return frameDetector.detect(frame);
        int w = frame.cols(), h = frame.rows();
        List<Box> regions = new ArrayList<>();
        for (Detection v : vehicles) {
            Box r = square(v.box().expand(MARGIN)).clip(w, h);
            if (r.area() >= CLOSE_UP_SHARE * w * h) return frameDetector.detect(frame);
            if (r.width() >= 8 && r.height() >= 8) regions.add(r);
        }
        List<PlateCandidate> found = new ArrayList<>();
        for (Box r : regions) {
            try (Rect rect = new Rect(r.leftTopX(), r.leftTopY(), r.width(), r.height()); Mat crop = new Mat(frame, rect)) {
                for (PlateCandidate p : cropDetector.detect(crop)) found.add(shifted(p, r.leftTopX(), r.leftTopY()));
            }
        }
        // vehicles that overlap find the same plate twice
        return Nms.apply(found, PlateCandidate::box, PlateCandidate::score, 0.5f);
    }

    private static Box square(Box b) {
        int cx = (b.leftTopX() + b.rightBtmX()) / 2, cy = (b.leftTopY() + b.rightBtmY()) / 2, half = Math.max(b.width(), b.height()) / 2;
        return new Box(cx - half, cy - half, cx + half, cy + half);
    }

    private static PlateCandidate shifted(PlateCandidate p, int dx, int dy) {
        Box b = p.box();
        float[] c = p.corners().clone();
        for (int k = 0; k < 4; k++) {
            c[2 * k] += dx;
            c[2 * k + 1] += dy;
        }
        return new PlateCandidate(new Box(b.leftTopX() + dx, b.leftTopY() + dy, b.rightBtmX() + dx, b.rightBtmY() + dy), c, p.score(), p.doubleLayer());
    }
}
