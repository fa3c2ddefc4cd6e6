package org.vistruct.gat1400;

/** The StatusCode of a GA/T 1400 ResponseStatusObject (GA/T 1400.4, ResponseStatus). */
public enum ViidStatus {
    OK(0, "OK"),
    OTHER_ERROR(1, "Other Error"),
    DEVICE_BUSY(2, "Device Busy"),
    DEVICE_ERROR(3, "Device Error"),
    INVALID_OPERATION(4, "Invalid Operation"),
    INVALID_XML_FORMAT(5, "Invalid XML Format"),
    INVALID_XML_CONTENT(6, "Invalid XML Content"),
    INVALID_JSON_FORMAT(7, "Invalid JSON Format"),
    INVALID_JSON_CONTENT(8, "Invalid JSON Content"),
    REBOOT(9, "Reboot");

    private final int code;
    private final String text;

    ViidStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() { return code; }

    public String text() { return text; }

    /** The status of a code; an unknown code is OTHER_ERROR. */
    public static ViidStatus of(int code) {
        for (ViidStatus s : values()) if (s.code == code) return s;
        return OTHER_ERROR;
    }
}
