package org.vistruct.gat1400.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.gat1400.DeviceDirectory;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.ResponseStatus;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidStatus;

/**
 * APEs, Tollgates and Lanes posted by a sender: each becomes (or updates) a device of vistruct with
 * its name and position, beside the GB/T 28181 devices.
 */
public final class DirectoryIntake {
    private final DeviceDirectory directory;

    public DirectoryIntake(DeviceDirectory directory) { this.directory = directory; }

    /** The list and object names and the id member of each kind. */
    public enum Shape {
        APE(DeviceDirectory.Kind.APE, "APEListObject", "APEObject", "ApeID"),
        TOLLGATE(DeviceDirectory.Kind.TOLLGATE, "TollgateListObject", "TollgateObject", "TollgateID"),
        LANE(DeviceDirectory.Kind.LANE, "LaneListObject", "LaneObject", "LaneID");

        final DeviceDirectory.Kind kind;
        final String list, object, id;

        Shape(DeviceDirectory.Kind kind, String list, String object, String id) {
            this.kind = kind;
            this.list = list;
            this.object = object;
            this.id = id;
        }

        public String list() { return list; }

        public String object() { return object; }
    }

    public List<ResponseStatus> take(Shape shape, JsonNode root, String sender, String requestUrl) {
        List<ResponseStatus> out = new ArrayList<>();
        List<DeviceDirectory.Device> devices = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        List<JsonNode> objects = ViidJson.objects(root, shape.list, shape.object);
        if (objects.size() > 10_000) {
            out.add(ResponseStatus.of("", requestUrl, ViidStatus.DEVICE_BUSY, "more than 10000 objects in one request"));
            return out;
        }
        for (JsonNode n : objects) {
            String id = n.isObject() ? ViidJson.text(n, shape.id) : null;
            try {
                devices.add(read(shape, n, sender));
                at.add(out.size());
                out.add(ResponseStatus.ok(id, requestUrl));
            } catch (ObjectError e) {
                out.add(ResponseStatus.of(id, requestUrl, e.status(), e.getMessage()));
            }
        }
        if (out.isEmpty()) out.add(ResponseStatus.of("", requestUrl, ViidStatus.INVALID_JSON_CONTENT, "no " + shape.object + " in " + shape.list));
        try {
            if (!devices.isEmpty()) directory.save(devices);
        } catch (IOException e) {
            for (int i : at) out.set(i, ResponseStatus.of(out.get(i).id(), requestUrl, ViidStatus.DEVICE_ERROR, "not stored: " + e.getMessage()));
        }
        return out;
    }

    static DeviceDirectory.Device read(Shape shape, JsonNode n, String sender) {
        if (!n.isObject()) throw new ObjectError(shape.object + " is not a JSON object");
        String id = ViidJson.text(n, shape.id);
        if (id == null || !id.matches("[0-9A-Za-z_-]{1,64}")) throw new ObjectError(shape.id + " must be 1-64 letters, digits, _ or -, was '" + ViidJson.clip(id) + "'");
        String name = ViidJson.text(n, "Name");
        if (name != null && name.length() > 256) throw new ObjectError("Name is longer than 256 characters");
        Double lon = ViidJson.decimal(n, "Longitude", -180, 180), lat = ViidJson.decimal(n, "Latitude", -90, 90);
        if (lon != null && lat != null && lon == 0 && lat == 0) lon = lat = null; // "0, 0" is how senders say "not surveyed"
        String place = ViidJson.text(n, "PlaceCode");
        String parent = shape == Shape.APE ? null : ViidJson.text(n, "TollgateID");
        if (shape == Shape.TOLLGATE) parent = null;
        if (shape == Shape.LANE && parent == null) throw new ObjectError("a LaneObject needs its TollgateID");
        if (shape == Shape.LANE) id = parent + "-" + id; // lane ids are numbered per tollgate
        Boolean online = null;
        String status = ViidJson.text(n, shape == Shape.APE ? "IsOnline" : "Status");
        if (status != null) online = status.equals("1");
        String body = n.toString();
        if (body.length() > 16_384) throw new ObjectError(shape.object + " is longer than 16 KB");
        return new DeviceDirectory.Device(id, shape.kind, name, lon, lat, place, parent, online, sender, body);
    }
}
