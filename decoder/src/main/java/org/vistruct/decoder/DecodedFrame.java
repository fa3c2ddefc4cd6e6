package org.vistruct.decoder;

import org.vistruct.core.BgrImage;

/**
 * A frame chosen for analysis.
 *
 * @param image      the picture as BGR
 * @param offsetMs   position in the source, from its start
 * @param wallTimeMs wall-clock time of the frame (UTC ms): the source's start time plus the offset
 * @param keyFrame   whether the frame was a keyframe in the stream
 */
public record DecodedFrame(BgrImage image, long offsetMs, long wallTimeMs, boolean keyFrame) {}
