package org.vistruct.core;

import java.io.IOException;

/** Where record pictures are kept (an S3-compatible object store in practice). */
public interface PictureStore extends AutoCloseable {
    void put(String key, byte[] jpeg) throws IOException;

    byte[] get(String key) throws IOException;

    @Override
    void close() throws IOException;
}
