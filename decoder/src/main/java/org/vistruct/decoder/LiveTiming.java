package org.vistruct.decoder;

/**
 * When each frame of a live stream arrived, by its media time: what lets the decoder tell how far
 * behind real time it is and shed sampled frames instead of building a backlog.
 */
public interface LiveTiming {
    /** System.nanoTime() at which the frame with this media time (µs from the stream's first frame) arrived, or -1 when not known. */
    long arrivalNanos(long mediaUs);

    /** A sampled frame that arrived longer ago than this is shed (not analysed), counted. */
    long maxLagMs();
}
