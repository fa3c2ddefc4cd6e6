package org.vistruct.decoder;

/**
 * Decides, before a frame is converted, whether it is analysed: the timeline is cut into slots of
 * 1/fps seconds and the first frame that falls into a new slot is taken. Deciding on the predicted
 * timestamp lets the decoder skip the BGR conversion of every other frame.
 */
public final class FrameSampler {
    private final Sampling sampling;
    private long lastSlot = Long.MIN_VALUE;

    public FrameSampler(Sampling sampling) { this.sampling = sampling; }

    public boolean wants(long timestampUs) {
        if (sampling.mode() != Sampling.Mode.RATE) return true;
        return slot(timestampUs) > lastSlot;
    }

    public void taken(long timestampUs) {
        if (sampling.mode() == Sampling.Mode.RATE) lastSlot = Math.max(lastSlot, slot(timestampUs));
    }

    private long slot(long timestampUs) {
        return (long) Math.floor(timestampUs * sampling.fps() / 1_000_000.0);
    }
}
