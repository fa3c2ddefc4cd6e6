package org.vistruct.index;

import java.nio.file.Path;

/** The RecordStore contract on the embedded Lucene index (with its journal, as the server opens it). */
class EmbeddedRecordStoreTest extends RecordStoreContract {
    @Override
    protected RecordStore open(Path dir) throws Exception {
        return RecordIndex.durable(dir.resolve("index"), dir.resolve("journal"));
    }
}
