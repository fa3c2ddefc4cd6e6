package org.vistruct.analyzer;

import org.vistruct.analyzer.track.PlateVote;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.VehicleClass;

/**
 * What the analyzer saw of one vehicle passing: times, the best view's box, the voted plate and
 * the attributes with confidences (0-100), and its pictures as JPEG. The server turns it into a
 * MotorVehicle record once the pictures are stored.
 *
 * @param plate       null when no plate was seen
 * @param provisional written while the vehicle is still in view; the pass with the same id and
 *                    provisional false follows when its track ends and replaces it
 */
public record VehiclePass(
        String id, long appearTime, long disappearTime, long passTime, long offsetMs, Box box,
        PlateVote plate, ColorCode plateColor, int plateColorConfidence,
        VehicleClass vehicleClass, int vehicleClassConfidence,
        ColorCode vehicleColor, int vehicleColorConfidence,
        byte[] sceneJpeg, byte[] closeUpJpeg, byte[] plateJpeg, boolean provisional) implements Pass {}
