package org.vistruct.gb28181.device;

/**
 * A channel (camera) of a device, as its catalog describes it.
 *
 * @param longitude WGS-84 degrees from the catalog's Longitude, or null when it sent none (or 0, which devices send for "not set")
 */
public record Channel(String id, String name, String manufacturer, String model, String status, String parentId,
                      String civilCode, String address, Double longitude, Double latitude) {
    public Channel(String id, String name, String manufacturer, String model, String status, String parentId, String civilCode, String address) {
        this(id, name, manufacturer, model, status, parentId, civilCode, address, null, null);
    }

    public boolean hasPosition() { return longitude != null && latitude != null; }
}
