package org.vistruct.gat1400.objects;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidTime;

/**
 * Reads an object's SubImageList: {"SubImageInfoObject":[…]} as the standard has it, or the array
 * straight under SubImageList, or one object where the array should be. Data is strict base64
 * (whitespace and a "data:image/jpeg;base64," prefix, which web clients add, are dropped first).
 */
public final class SubImages {
    /** Pictures one object may carry; more is not a checkpoint camera. */
    public static final int MAX_PER_OBJECT = 16;

    private SubImages() {}

    public static List<SubImage> read(JsonNode object, ZoneId zone, long now, long maxPictureBytes) {
        JsonNode list = ViidJson.field(object, "SubImageList");
        List<JsonNode> nodes = list == null ? List.of()
                : list.isArray() ? ViidJson.elements(list) : ViidJson.elements(ViidJson.field(list, "SubImageInfoObject") != null ? ViidJson.field(list, "SubImageInfoObject") : list);
        if (nodes.size() > MAX_PER_OBJECT) throw new ObjectError("SubImageList holds " + nodes.size() + " pictures; at most " + MAX_PER_OBJECT + " are taken");
        List<SubImage> out = new ArrayList<>(nodes.size());
        int i = 0;
        for (JsonNode n : nodes) {
            i++;
            if (!n.isObject()) throw new ObjectError("SubImageInfoObject " + i + " is not an object");
            String type = typeCode(ViidJson.text(n, "Type"));
            if (type == null) throw new ObjectError("SubImageInfoObject " + i + " has no Type");
            byte[] data = ViidJson.binary(n, "Data", "SubImageInfoObject " + i + " Data", maxPictureBytes);
            String path = ViidJson.text(n, "StoragePath");
            if (data == null && path == null) throw new ObjectError("SubImageInfoObject " + i + " (Type " + type + ") has neither Data nor StoragePath");
            Long shot;
            try {
                shot = ViidTime.field(n, "ShotTime", zone, now);
            } catch (ObjectError e) {
                throw new ObjectError("SubImageInfoObject " + i + ": " + e.getMessage());
            }
            out.add(new SubImage(ViidJson.text(n, "ImageID"), ViidJson.text(n, "DeviceID"), type, ViidJson.text(n, "FileFormat"), shot,
                    ViidJson.integer(n, "Width", 0, 100_000), ViidJson.integer(n, "Height", 0, 100_000), data, path, feature(ViidJson.field(n, "FeatureInfoObject"))));
        }
        return out;
    }

    /** "1" and 1 mean "01"; the standard writes two digits (and 100 for a general picture). */
    static String typeCode(String t) {
        if (t == null) return null;
        if (!t.chars().allMatch(Character::isDigit) || t.length() > 3) throw new ObjectError("SubImageInfoObject Type must be an ImageType code such as 01, 02, 14, was '" + ViidJson.clip(t) + "'");
        return t.length() == 1 ? "0" + t : t;
    }

    /** The FeatureInfoObject of a picture or one entry of an object's FeatureList, or null. */
    public static SubImage.Feature feature(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        byte[] data = ViidJson.binary(n, "FeatureData", "FeatureData", 1 << 20);
        if (data == null) return null;
        return new SubImage.Feature(ViidJson.text(n, "Vendor"), ViidJson.text(n, "AlgorithmVersion"), data);
    }

    public static byte[] decode(String base64, String what, long maxBytes) {
        String s = base64;
        if (s.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = s.indexOf(',');
            if (comma < 0) throw new ObjectError(what + " is a data: URL without data");
            s = s.substring(comma + 1);
        }
        if (s.length() / 4L * 3 > maxBytes + 3) throw new ObjectError(what + " is more than " + maxBytes + " bytes");
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            // rarer forms, tried only when the plain one fails: line breaks (MIME encoders), the URL alphabet
            try {
                if (s.chars().anyMatch(Character::isWhitespace)) return Base64.getDecoder().decode(s.replaceAll("\\s", ""));
                return Base64.getUrlDecoder().decode(s);
            } catch (IllegalArgumentException e2) {
                throw new ObjectError(what + " is not base64: " + e.getMessage());
            }
        }
    }
}
