package org.vistruct.analytics;

/** A question that would run longer, or read more passes, than the configured bounds; the caller narrows it. */
public final class TooBroadException extends RuntimeException {
    public TooBroadException(String message) { super(message, null, false, false); }
}
