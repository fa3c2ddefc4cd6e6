package org.vistruct.gb28181.device;

/** One recording a device holds, from a RecordInfo answer (times as the device wrote them, local). */
public record RecordFile(String deviceId, String name, String filePath, String startTime, String endTime, String type) {}
