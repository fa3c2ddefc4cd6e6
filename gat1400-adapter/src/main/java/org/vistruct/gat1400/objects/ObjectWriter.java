package org.vistruct.gat1400.objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.vistruct.core.Box;
import org.vistruct.core.Face;
import org.vistruct.core.GaTime;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.NonMotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.PictureStore;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.ViidJson;

/**
 * A vistruct record as a GA/T 1400 object: its fields under their standard names, its pictures as
 * SubImageInfoObjects with the bytes inline (Data) and, where the server's address is known, a
 * StoragePath URL; a Face's feature in its FeatureList. What {@link ObjectReader} reads back into
 * the same record (times to the second, as the standard writes them).
 */
public final class ObjectWriter {
    private final ZoneId zone;
    private final PictureStore pictures;
    private final String featureVendor, featureVersion;
    private final Function<String, String> pictureUrl;

    /**
     * @param pictureUrl a picture key to the URL a peer can fetch it from, or null when there is none
     */
    public ObjectWriter(ZoneId zone, PictureStore pictures, String featureVendor, String featureVersion, Function<String, String> pictureUrl) {
        this.zone = zone;
        this.pictures = pictures;
        this.featureVendor = featureVendor;
        this.featureVersion = featureVersion;
        this.pictureUrl = pictureUrl;
    }

    /**
     * One object.
     *
     * @param imageTypes the ImageType codes to include with their bytes (null: all; empty: none)
     * @param withFeature whether a Face carries its feature
     */
    public ObjectNode object(StructuredRecord r, Set<String> imageTypes, boolean withFeature) throws IOException {
        return object(r, imageTypes, withFeature, true);
    }

    /**
     * @param inlineData false: pictures only as StoragePath URLs (query answers), without their bytes
     */
    public ObjectNode object(StructuredRecord r, Set<String> imageTypes, boolean withFeature, boolean inlineData) throws IOException {
        ObjectNode n = ViidJson.mapper().createObjectNode();
        ObjectKind kind = ObjectKind.of(r.type());
        n.put(kind.idField(), r.id());
        n.put("InfoKind", 1); // automatically collected
        n.put("SourceID", r.id().length() >= 41 ? r.id().substring(0, 41) : r.id());
        n.put("DeviceID", r.deviceId());
        Box b = r.box();
        n.put("LeftTopX", b.leftTopX());
        n.put("LeftTopY", b.leftTopY());
        n.put("RightBtmX", b.rightBtmX());
        n.put("RightBtmY", b.rightBtmY());
        ArrayNode images = ViidJson.mapper().createArrayNode();
        switch (r) {
            case MotorVehicle v -> {
                n.put("PassTime", time(v.passTime()));
                n.put("AppearTime", time(v.appearTime()));
                n.put("DisappearTime", time(v.disappearTime()));
                n.put("HasPlate", v.hasPlate() ? "1" : "0");
                n.put("PlateNo", v.plateNo());
                if (v.plateColor() != null) n.put("PlateColor", Integer.toString(v.plateColor().code()));
                if (v.plateClass() != null) n.put("PlateClass", v.plateClass().code());
                n.put("PlateReliability", Integer.toString(v.plateReliability()));
                if (v.vehicleClass() != null) n.put("VehicleClass", v.vehicleClass().code());
                n.put("VehicleClassReliability", v.vehicleClassReliability());
                if (v.vehicleColor() != null) n.put("VehicleColor", Integer.toString(v.vehicleColor().code()));
                n.put("VehicleColorReliability", v.vehicleColorReliability());
                urls(n, v.storageUrl1(), v.storageUrl2(), v.storageUrl3());
                image(images, imageTypes, inlineData, v.storageUrl1(), SubImage.VEHICLE_CLOSE_UP, r, v.passTime());
                image(images, imageTypes, inlineData, v.storageUrl2(), SubImage.PLATE, r, v.passTime());
                image(images, imageTypes, inlineData, v.storageUrl3(), SubImage.VEHICLE_BIG, r, v.passTime());
            }
            case Face f -> {
                n.put("ShotTime", time(f.shotTime()));
                n.put("FaceAppearTime", time(f.faceAppearTime()));
                n.put("FaceDisAppearTime", time(f.faceDisAppearTime()));
                n.put("FaceQuality", f.quality());
                if (f.personId() != null) n.put("PersonID", f.personId());
                if (withFeature && f.feature() != null) {
                    ObjectNode feature = n.putArray("FeatureList").addObject();
                    feature.put("Vendor", featureVendor);
                    feature.put("AlgorithmVersion", featureVersion);
                    ByteBuffer bytes = ByteBuffer.allocate(f.feature().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(f.feature());
                    feature.put("FeatureData", Base64.getEncoder().encodeToString(bytes.array()));
                }
                urls(n, f.storageUrl1(), f.storageUrl2());
                image(images, imageTypes, inlineData, f.storageUrl1(), SubImage.FACE, r, f.shotTime());
                image(images, imageTypes, inlineData, f.storageUrl2(), SubImage.SCENE, r, f.shotTime());
            }
            case Person p -> {
                n.put("ShotTime", time(p.shotTime()));
                n.put("PersonAppearTime", time(p.personAppearTime()));
                n.put("PersonDisAppearTime", time(p.personDisAppearTime()));
                n.put("Reliability", p.reliability());
                urls(n, p.storageUrl1(), p.storageUrl2());
                image(images, imageTypes, inlineData, p.storageUrl1(), SubImage.PERSON, r, p.shotTime());
                image(images, imageTypes, inlineData, p.storageUrl2(), SubImage.SCENE, r, p.shotTime());
            }
            case NonMotorVehicle v -> {
                n.put("ShotTime", time(v.shotTime()));
                n.put("AppearTime", time(v.appearTime()));
                n.put("DisappearTime", time(v.disappearTime()));
                if (v.plateNo() != null) n.put("PlateNo", v.plateNo());
                if (v.vehicleColor() != null) n.put("VehicleColor", Integer.toString(v.vehicleColor().code()));
                urls(n, v.storageUrl1(), v.storageUrl2());
                image(images, imageTypes, inlineData, v.storageUrl1(), SubImage.NON_MOTOR, r, v.shotTime());
                image(images, imageTypes, inlineData, v.storageUrl2(), SubImage.SCENE, r, v.shotTime());
            }
        }
        if (!images.isEmpty()) n.putObject("SubImageList").set("SubImageInfoObject", images);
        return n;
    }

    /** {"MotorVehicleListObject":{"MotorVehicleObject":[…]}} and the like. */
    public static ObjectNode list(ObjectKind kind, List<ObjectNode> objects) {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ArrayNode a = root.putObject(kind.listName()).putArray(kind.objectName());
        a.addAll(objects);
        return root;
    }

    private String time(long ms) { return GaTime.format(ms, zone); }

    private void urls(ObjectNode n, String... keys) {
        for (int i = 0; i < keys.length; i++) {
            String url = keys[i] == null ? null : pictureUrl.apply(keys[i]);
            if (url != null) n.put("StorageUrl" + (i + 1), url);
        }
    }

    /** Adds one picture with its bytes; a picture already removed (retention) is left out, not an error. */
    private void image(ArrayNode into, Set<String> types, boolean inline, String key, String type, StructuredRecord r, long shot) throws IOException {
        if (key == null || (types != null && !types.contains(type))) return;
        String url = pictureUrl.apply(key);
        byte[] jpeg = null;
        if (inline) {
            try {
                jpeg = pictures.get(key);
            } catch (FileNotFoundException gone) {
                return;
            }
            if (jpeg == null) return;
        } else if (url == null) {
            return;
        }
        ObjectNode s = into.addObject();
        s.put("ImageID", imageId(r, type));
        s.put("DeviceID", r.deviceId());
        if (url != null) s.put("StoragePath", url);
        s.put("Type", type);
        s.put("FileFormat", "Jpeg");
        s.put("ShotTime", time(shot));
        if (jpeg == null) return;
        int[] wh = JpegSize.of(jpeg);
        if (wh != null) {
            s.put("Width", wh[0]);
            s.put("Height", wh[1]);
        }
        s.put("Data", jpeg); // written as base64 straight from the bytes
    }

    /** ImageID: the 41-character picture id of the record's id where it has one, with the picture type in the sequence. */
    private static String imageId(StructuredRecord r, String type) {
        String base = r.id().length() >= 41 ? r.id().substring(0, 36) : r.id();
        return base + "000" + type;
    }
}
