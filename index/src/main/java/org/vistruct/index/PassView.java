package org.vistruct.index;

import java.io.IOException;
import java.util.List;
import org.vistruct.core.MotorVehicle;

/**
 * Vehicle passes as columns, for analytics: one point-in-time view of the store in which a scan
 * hands over, per matching pass, the plate and device as dictionary ids, the time, and the packed
 * attributes ({@link PassAttributes}); no record is built until the evidence of an answer is asked
 * for ({@link #records}). Close it when done (it holds a view of the store).
 */
public interface PassView extends AutoCloseable {
    /** Told of each pass a scan matches, in the store's order (not time order). */
    interface Visitor {
        /** @param ref the pass within this view, for {@link #records} */
        void pass(int plate, int device, long time, long attributes, long ref);
    }

    /**
     * Hands every vehicle pass matching the filter (its type set is ignored) to the visitor; returns how many.
     * Passes written before these columns existed are not seen (see {@link #uncolumned}). A visitor may stop
     * the scan by throwing.
     */
    long scan(RecordQuery filter, Visitor visitor) throws IOException;

    /** Vehicle passes in the time range that have no columns (written by a version before analytics). */
    long uncolumned(Long from, Long to) throws IOException;

    /** The records behind passes of this view, in the order asked. */
    List<MotorVehicle> records(long[] refs) throws IOException;

    String plate(int id);

    /** The id of a plate, or -1 when no pass carries it. */
    int plateId(String plate);

    String device(int id);

    /** The id of a device, or -1 when no pass was seen at it. */
    int deviceId(String device);

    /** Plate ids run from 0 to this, less one: every plate in this view has an id below it (for sizing per-plate arrays). */
    int plateIds() throws IOException;

    /** Device ids run from 0 to this, less one, for every device in this view. */
    int deviceIds() throws IOException;

    @Override
    void close();
}
