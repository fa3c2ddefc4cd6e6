package org.vistruct.gat1400;

import java.io.IOException;
import java.util.List;

/**
 * The device list that GA/T 1400 senders add to: their capture devices (APEs), checkpoints
 * (Tollgates) and lanes become devices of vistruct, beside the GB/T 28181 ones.
 */
public interface DeviceDirectory {
    enum Kind { APE, TOLLGATE, LANE }

    /**
     * One device as a sender described it.
     *
     * @param parentId a lane's tollgate, an APE's tollgate where given, else null
     * @param online   what the sender says (IsOnline / Status), null when it did not say
     * @param body     the object as the sender sent it (JSON), given back to directory subscribers
     */
    record Device(String id, Kind kind, String name, Double longitude, Double latitude, String placeCode, String parentId, Boolean online, String sender,
                  String body) {}

    void save(List<Device> devices) throws IOException;

    List<Device> all(Kind kind) throws IOException;

    /** Whether each device is online now (registered senders, GB/T 28181 devices), by id. */
    java.util.Map<String, Boolean> status() throws IOException;
}
