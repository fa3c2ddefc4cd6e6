package org.vistruct.gat1400;

/** A request refused as a whole: the HTTP status, the GA/T 1400 status and why, in words. */
public final class ViidException extends RuntimeException {
    private final int httpStatus;
    private final ViidStatus status;

    public ViidException(int httpStatus, ViidStatus status, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.status = status;
    }

    public int httpStatus() { return httpStatus; }

    public ViidStatus status() { return status; }

    public static ViidException badJson(String message) { return new ViidException(400, ViidStatus.INVALID_JSON_FORMAT, message); }

    public static ViidException badContent(String message) { return new ViidException(400, ViidStatus.INVALID_JSON_CONTENT, message); }

    public static ViidException unregistered(String message) { return new ViidException(401, ViidStatus.INVALID_OPERATION, message); }
}
