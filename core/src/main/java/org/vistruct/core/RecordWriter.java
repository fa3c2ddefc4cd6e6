package org.vistruct.core;

import java.io.IOException;
import java.util.Map;

/**
 * The one write path of records, as adapters see it: pictures stored, the record made durable, then
 * acknowledged (listeners told, alerts raised). When {@link #write} returns, the record survives a
 * killed process.
 */
public interface RecordWriter {
    /**
     * @param pictures    object key → picture bytes, for the keys the record names
     * @param provisional written while its object is still in view; a later write of the same id replaces it
     */
    StructuredRecord write(StructuredRecord record, Map<String, byte[]> pictures, boolean provisional) throws IOException;

    /**
     * How many pictures the record with this id names when it is held in its final form, or -1 when
     * it is not (not held, or only provisionally). Exact for records this writer wrote a moment ago:
     * a second push of the same object adds nothing unless it brings pictures the held one lacks.
     */
    int finalPictures(String id) throws IOException;

    /** Whether a record with this id is held in its final form. */
    default boolean isFinal(String id) throws IOException { return finalPictures(id) >= 0; }
}
