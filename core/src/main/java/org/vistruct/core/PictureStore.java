package org.vistruct.core;

import java.io.IOException;
import java.util.Collection;
import java.util.function.Consumer;

/** Where record pictures are kept (an S3-compatible object store in practice). */
public interface PictureStore extends AutoCloseable {
    void put(String key, byte[] jpeg) throws IOException;

    byte[] get(String key) throws IOException;

    /** Deletes pictures; a key that does not exist is not an error. */
    void delete(Collection<String> keys) throws IOException;

    /** Every stored picture whose key starts with the prefix ("" for all), in key order. */
    void list(String prefix, Consumer<StoredPicture> visitor) throws IOException;

    /** Whether pictures can be put under a legal hold (S3 object lock on the bucket). */
    boolean supportsLegalHold();

    /** Puts or lifts a legal hold on one picture (the store then refuses to delete it); nothing when not supported. */
    void legalHold(String key, boolean on) throws IOException;

    /** Whether a picture is under a legal hold (false when not supported). */
    boolean isLegallyHeld(String key) throws IOException;

    /** Whether the store answered its last call (pictures wait in the spool while it does not). */
    default boolean available() { return true; }

    /** Why it did not, in words (unreachable, wrong credentials, missing bucket …), or null when it answers. */
    default String lastError() { return null; }

    /** One stored picture as a listing shows it. */
    record StoredPicture(String key, long size, long lastModifiedMs) {}

    @Override
    void close() throws IOException;
}
