package org.vistruct.gb28181.device;

/** A channel (camera) of a device, as its catalog describes it. */
public record Channel(String id, String name, String manufacturer, String model, String status, String parentId,
                      String civilCode, String address) {}
