package org.vistruct.decoder;

import java.io.IOException;

/** A source that cannot be opened or read; the message names the source and what went wrong. */
public class DecodeException extends IOException {
    public DecodeException(String message) { super(message); }

    public DecodeException(String message, Throwable cause) { super(message, cause); }
}
