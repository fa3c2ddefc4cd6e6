package org.vistruct.decoder;

/** A video or picture that yields the frames chosen for analysis, in order. */
public interface FrameSource extends AutoCloseable {
    /** The next sampled frame, or null at the end of the source. */
    DecodedFrame next() throws DecodeException;

    /** The source's length in ms, or -1 when unknown (live streams). */
    long durationMs();

    /** Frames decoded so far, sampled or not. */
    long framesDecoded();

    /** Decode errors met and skipped so far (the decoder resynchronises at the next keyframe). */
    long decodeErrors();

    String name();

    /** A stretch of the source that could not be decoded: from, to (ms in the source) and about how many frames it lost. */
    record Damage(long fromMs, long toMs, int framesLost) {}

    /** The damaged stretches met so far (none for pictures). */
    default java.util.List<Damage> damage() { return java.util.List.of(); }

    @Override
    void close();
}
