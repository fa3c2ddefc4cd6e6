package org.vistruct.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.vistruct.core.GaTime;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.client.ViidClient;

/** A simulated GA/T 1400 checkpoint camera: registers with digest, keeps alive, pushes MotorVehicle objects with their pictures. */
final class ViidCamera implements AutoCloseable {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    final String id;
    private final String password;
    private final ViidClient client;
    volatile String base;

    ViidCamera(String id, String password, String base) {
        this.id = id;
        this.password = password;
        this.base = base;
        this.client = new ViidClient(id, Duration.ofSeconds(30), ZONE);
    }

    void register() throws InterruptedException {
        String error = client.register(base, password);
        if (error != null) throw new AssertionError("camera " + id + " not registered at " + base + ": " + error);
    }

    String keepalive() throws InterruptedException { return client.keepalive(base); }

    /** A MotorVehicle object with its scene (type 01) and plate (type 02) pictures inline. */
    static ObjectNode vehicle(String deviceId, String objectId, String plate, long passTime, byte[] scene, byte[] plateJpeg) {
        ObjectNode o = ViidJson.mapper().createObjectNode();
        o.put("MotorVehicleID", objectId);
        o.put("InfoKind", 1);
        o.put("DeviceID", deviceId);
        o.put("PassTime", GaTime.format(passTime, ZONE));
        o.put("HasPlate", "1");
        o.put("PlateNo", plate);
        o.put("PlateColor", "5");
        o.put("PlateReliability", "95");
        o.put("VehicleClass", "K33");
        o.put("VehicleColor", "2");
        o.put("LeftTopX", 100);
        o.put("LeftTopY", 80);
        o.put("RightBtmX", 600);
        o.put("RightBtmY", 420);
        ArrayNode images = o.putObject("SubImageList").putArray("SubImageInfoObject");
        images.addObject().put("ImageID", objectId.substring(0, 41)).put("DeviceID", deviceId).put("Type", "01").put("FileFormat", "Jpeg")
                .put("ShotTime", GaTime.format(passTime, ZONE)).put("Data", Base64.getEncoder().encodeToString(scene));
        images.addObject().put("ImageID", objectId.substring(0, 36) + "00002").put("DeviceID", deviceId).put("Type", "02").put("FileFormat", "Jpeg")
                .put("ShotTime", GaTime.format(passTime, ZONE)).put("Data", Base64.getEncoder().encodeToString(plateJpeg));
        return o;
    }

    /** A GA/T 1400 object id: DeviceID, picture type 02, time, sequence, object type 02 (motor vehicle), sequence. */
    static String objectId(String deviceId, long time, int n) {
        return deviceId + "02" + GaTime.format(time, ZONE) + String.format("%05d", n % 100_000) + "02" + String.format("%05d", n % 100_000);
    }

    /** POSTs the objects; the reply (statuses per object). */
    ViidClient.Reply push(List<ObjectNode> objects) throws InterruptedException {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        root.putObject("MotorVehicleListObject").putArray("MotorVehicleObject").addAll(objects);
        return client.post(base + "/VIID/MotorVehicles", root);
    }

    ViidClient.Reply post(String path, JsonNode body) throws InterruptedException { return client.post(base + path, body); }

    ViidClient.Reply get(String path) throws InterruptedException { return client.send("GET", base + path, null, null); }

    @Override
    public void close() { client.close(); }
}
