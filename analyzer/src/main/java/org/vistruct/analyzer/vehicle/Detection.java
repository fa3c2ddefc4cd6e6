package org.vistruct.analyzer.vehicle;

import org.vistruct.core.Box;

/** An object found by the detector: box in picture pixels, COCO class name, score 0-1. */
public record Detection(Box box, String className, float score) {
    public boolean isVehicle() {
        return switch (className) {
            case "car", "bus", "truck", "motorcycle" -> true;
            default -> false;
        };
    }
}
