package org.vistruct.gat1400;

/** What is wrong with one object of a list: that object gets this status, the others are taken. */
public final class ObjectError extends IllegalArgumentException {
    private final ViidStatus status;

    public ObjectError(String message) { this(ViidStatus.INVALID_JSON_CONTENT, message); }

    public ObjectError(ViidStatus status, String message) {
        super(message);
        this.status = status;
    }

    public ViidStatus status() { return status; }
}
