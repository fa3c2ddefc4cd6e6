package org.vistruct.gat1400.objects;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.NonMotorVehicle;
import org.vistruct.core.ObjectKeys;
import org.vistruct.core.Person;
import org.vistruct.core.PlateClass;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidTime;

/**
 * One pushed object to a vistruct record with its pictures: the sender's own ID and fields, its
 * pictures under vistruct's object keys. Everything wrong with the object is an {@link ObjectError}
 * for that object alone.
 */
public final class ObjectReader {
    /** Ids become index terms and object keys: safe characters only. */
    static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    /** What senders write for "no plate" (the standard's 无车牌; HasPlate 0 says the same). */
    private static final java.util.Set<String> NO_PLATE = java.util.Set.of(MotorVehicle.NO_PLATE, "无牌", "未识别", "无");

    /** A record ready for the write path, and the face picture whose feature is still to be computed (or null). */
    public record Incoming(StructuredRecord record, Map<String, byte[]> pictures, byte[] faceForFeature) {}

    private final ZoneId zone;
    private final PictureFetcher fetcher;
    private final long maxPictureBytes;
    private final String featureVendor, featureVersion;

    /**
     * @param featureVendor  a Face's FeatureList entry from this vendor and version is taken as its feature;
     *                       other features are ignored and the feature is computed from the face picture
     */
    public ObjectReader(ZoneId zone, PictureFetcher fetcher, long maxPictureBytes, String featureVendor, String featureVersion) {
        this.zone = zone;
        this.fetcher = fetcher;
        this.maxPictureBytes = maxPictureBytes;
        this.featureVendor = featureVendor;
        this.featureVersion = featureVersion;
    }

    /** The id of an object (for its status even when the rest is wrong), or null. */
    public static String idOf(ObjectKind kind, JsonNode n) {
        return n != null && n.isObject() ? ViidJson.text(n, kind.idField()) : null;
    }

    public Incoming read(ObjectKind kind, JsonNode n, String sender, long now) {
        if (n == null || !n.isObject()) throw new ObjectError(kind.objectName() + " is not a JSON object");
        String id = id(ViidJson.text(n, kind.idField()), kind.idField());
        List<SubImage> images = SubImages.read(n, zone, now, maxPictureBytes);
        String device = ViidJson.text(n, "DeviceID");
        if (device == null) for (SubImage s : images) if (s.deviceId() != null) { device = s.deviceId(); break; }
        if (device == null) device = sender; // a camera that names itself only in User-Identify
        device = id(device, "DeviceID");
        Box box = new Box(coordinate(n, "LeftTopX"), coordinate(n, "LeftTopY"), coordinate(n, "RightBtmX"), coordinate(n, "RightBtmY"));
        Map<String, byte[]> pictures = new LinkedHashMap<>();
        return switch (kind) {
            case MOTOR_VEHICLE -> {
                long pass = time(n, images, now, "PassTime", "AppearTime", SubImage.VEHICLE_BIG, SubImage.SCENE, SubImage.VEHICLE_CLOSE_UP);
                String plate = plate(n);
                boolean hasPlate = !MotorVehicle.NO_PLATE.equals(plate);
                ColorCode plateColor = ViidJson.color(n, "PlateColor");
                String plateClass = ViidJson.text(n, "PlateClass");
                MotorVehicle v = new MotorVehicle(id, device, pass, orElse(ViidTime.field(n, "AppearTime", zone, now), pass),
                        orElse(ViidTime.field(n, "DisappearTime", zone, now), pass), plate, plateColor,
                        plateClass != null ? PlateClass.ofCode(plateClass) : hasPlate ? PlateClass.of(plate, plateColor) : null,
                        reliability(n, "PlateReliability"), vehicleClass(n), reliability(n, "VehicleClassReliability"), ViidJson.color(n, "VehicleColor"),
                        reliability(n, "VehicleColorReliability"), box,
                        picture(pictures, images, device, pass, id, "vehicle", SubImage.VEHICLE_CLOSE_UP),
                        picture(pictures, images, device, pass, id, "plate", SubImage.PLATE),
                        picture(pictures, images, device, pass, id, "scene", SubImage.VEHICLE_BIG, SubImage.SCENE), null, 0);
                yield new Incoming(v, pictures, null);
            }
            case FACE -> {
                long shot = time(n, images, now, "ShotTime", "FaceAppearTime", SubImage.FACE, SubImage.SCENE, SubImage.VEHICLE_BIG);
                Integer quality = ViidJson.integer(n, "FaceQuality", 0, 100);
                if (quality == null) quality = ViidJson.integer(n, "QualityScore", 0, 100);
                String person = ViidJson.text(n, "PersonID");
                if (person != null) person = id(person, "PersonID");
                float[] feature = feature(n, images);
                String faceKey = picture(pictures, images, device, shot, id, "face", SubImage.FACE);
                Face f = new Face(id, device, shot, orElse(ViidTime.field(n, "FaceAppearTime", zone, now), shot),
                        orElse(ViidTime.field(n, "FaceDisAppearTime", zone, now), shot), box, feature, quality == null ? 0 : quality, person, faceKey,
                        picture(pictures, images, device, shot, id, "scene", SubImage.SCENE, SubImage.VEHICLE_BIG), null, 0);
                yield new Incoming(f, pictures, feature == null && faceKey != null ? pictures.get(faceKey) : null);
            }
            case PERSON -> {
                long shot = time(n, images, now, "ShotTime", "PersonAppearTime", SubImage.PERSON, SubImage.SCENE, SubImage.VEHICLE_BIG);
                Integer reliability = ViidJson.integer(n, "Reliability", 0, 100);
                Person p = new Person(id, device, shot, orElse(ViidTime.field(n, "PersonAppearTime", zone, now), shot),
                        orElse(ViidTime.field(n, "PersonDisAppearTime", zone, now), shot), box, reliability == null ? 0 : reliability,
                        picture(pictures, images, device, shot, id, "person", SubImage.PERSON),
                        picture(pictures, images, device, shot, id, "scene", SubImage.SCENE, SubImage.VEHICLE_BIG), null, 0);
                yield new Incoming(p, pictures, null);
            }
            case NON_MOTOR_VEHICLE -> {
                long shot = time(n, images, now, "ShotTime", "AppearTime", SubImage.NON_MOTOR, SubImage.SCENE, SubImage.VEHICLE_BIG);
                String plate = ViidJson.text(n, "PlateNo");
                if (plate != null && plate.length() > 16) throw new ObjectError("PlateNo is longer than 16 characters: '" + ViidJson.clip(plate) + "'");
                if (plate != null && NO_PLATE.contains(plate)) plate = null;
                NonMotorVehicle v = new NonMotorVehicle(id, device, shot, orElse(ViidTime.field(n, "AppearTime", zone, now), shot),
                        orElse(ViidTime.field(n, "DisappearTime", zone, now), shot), plate, ViidJson.color(n, "VehicleColor"), box,
                        picture(pictures, images, device, shot, id, "nonmotor", SubImage.NON_MOTOR),
                        picture(pictures, images, device, shot, id, "scene", SubImage.SCENE, SubImage.VEHICLE_BIG), null, 0);
                yield new Incoming(v, pictures, null);
            }
        };
    }

    private static long orElse(Long v, long fallback) { return v == null ? fallback : v; }

    static String id(String v, String field) {
        if (v == null) throw new ObjectError(field + " is missing");
        if (!ID.matcher(v).matches()) throw new ObjectError(field + " must be 1-64 letters, digits, _ or -, was '" + ViidJson.clip(v) + "'");
        return v;
    }

    private static int coordinate(JsonNode n, String name) {
        Integer v = ViidJson.integer(n, name, 0, 100_000);
        return v == null ? 0 : v;
    }

    private static int reliability(JsonNode n, String name) {
        Integer v = ViidJson.integer(n, name, 0, 100);
        return v == null ? 0 : v;
    }

    /** The object's time: its own member, else its fallback member, else the ShotTime of its main picture; required. */
    private long time(JsonNode n, List<SubImage> images, long now, String field, String fallback, String... pictureTypes) {
        Long t = ViidTime.field(n, field, zone, now);
        if (t == null) t = ViidTime.field(n, fallback, zone, now);
        for (String type : pictureTypes) {
            if (t != null) break;
            for (SubImage s : images) if (s.type().equals(type) && s.shotTime() != null) { t = s.shotTime(); break; }
        }
        if (t == null) throw new ObjectError(field + " is missing (nor " + fallback + ", nor a picture's ShotTime)");
        return t;
    }

    private static String plate(JsonNode n) {
        String has = ViidJson.text(n, "HasPlate");
        String plate = ViidJson.text(n, "PlateNo");
        if ("0".equals(has) || "false".equalsIgnoreCase(has) || plate == null || NO_PLATE.contains(plate)) return MotorVehicle.NO_PLATE;
        if (plate.length() > 16) throw new ObjectError("PlateNo is longer than 16 characters: '" + ViidJson.clip(plate) + "'");
        return plate;
    }

    private static VehicleClass vehicleClass(JsonNode n) {
        String c = ViidJson.text(n, "VehicleClass");
        if (c == null) return null;
        try {
            return VehicleClass.parse(c);
        } catch (IllegalArgumentException e) {
            throw new ObjectError("VehicleClass: " + e.getMessage());
        }
    }

    /** The feature this vendor and version made, from the object's FeatureList or its face picture; null when there is none. */
    private float[] feature(JsonNode n, List<SubImage> images) {
        SubImage.Feature f = null;
        for (JsonNode e : ViidJson.elements(ViidJson.field(n, "FeatureList"))) {
            JsonNode inner = ViidJson.field(e, "FeatureInfoObject");
            for (JsonNode x : inner != null ? ViidJson.elements(inner) : List.of(e)) {
                SubImage.Feature c = SubImages.feature(x);
                if (ours(c)) f = c;
            }
        }
        for (SubImage s : images) if (f == null && ours(s.feature())) f = s.feature();
        if (f == null) return null;
        byte[] b = f.data();
        if (b.length % 4 != 0 || b.length < 64 || b.length > 4096) throw new ObjectError("FeatureData of " + featureVersion + " has " + b.length + " bytes");
        float[] v = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        double norm = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) throw new ObjectError("FeatureData holds a value that is not a number");
            norm += x * x;
        }
        if (norm < 1e-6) throw new ObjectError("FeatureData is all zeros");
        return v;
    }

    private boolean ours(SubImage.Feature f) {
        return f != null && featureVendor.equalsIgnoreCase(String.valueOf(f.vendor())) && featureVersion.equals(f.algorithmVersion());
    }

    /** Stores the first picture of the given types under vistruct's key; returns the key, or null when there is none. */
    private String picture(Map<String, byte[]> into, List<SubImage> images, String device, long time, String id, String kind, String... types) {
        for (String type : types) {
            for (SubImage s : images) {
                if (!s.type().equals(type)) continue;
                byte[] data = s.data() != null ? s.data() : fetcher.fetch(s.storagePath());
                if (data.length > maxPictureBytes) throw new ObjectError("picture of Type " + type + " is more than " + maxPictureBytes + " bytes");
                if (!JpegSize.isJpeg(data)) throw new ObjectError("picture of Type " + type + " is not a JPEG (only JPEG pictures are taken)");
                String key = ObjectKeys.of(device, time, id, kind, zone);
                into.put(key, data);
                return key;
            }
        }
        return null;
    }
}
