package org.vistruct.index;

import java.io.IOException;

/**
 * A record store could not take a write for now (a cluster unreachable or failing, not a refusal of
 * the record): the write path keeps the record on local disk and writes it again when the store is
 * back ({@link RecordStore#healthy()}).
 */
public class StoreUnavailableException extends IOException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
