package org.vistruct.gat1400.disposition;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vistruct.core.ColorCode;
import org.vistruct.core.VehicleClass;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidTime;
import org.vistruct.gat1400.objects.JpegSize;
import org.vistruct.gat1400.objects.PictureFetcher;
import org.vistruct.gat1400.objects.SubImage;
import org.vistruct.gat1400.objects.SubImages;

/**
 * A DispositionObject (布控) as taken: a vehicle (plate, exact or with * and ?, and attributes) or a
 * face (its picture) to watch for, from BeginTime to EndTime, hits POSTed to ReceiveAddr.
 *
 * @param category 1 a person (face), 2 a motor vehicle (DispositionCategory)
 * @param plate    the watched plate (with * and ? wildcards), or null
 * @param face     the watched face's picture (JPEG), or null
 * @param priority PriorityLevel, 1 (most urgent) to 5
 * @param devices  where (TollgateList / ResourceURI), empty for everywhere
 */
public record Disposition(String id, String title, String category, String plate, ColorCode plateColor, ColorCode vehicleColor, VehicleClass vehicleClass,
                          byte[] face, int priority, long begin, long end, Set<String> devices, String receiveAddr, String reason, String applicant, String sender,
                          boolean cancel) {

    public static Disposition read(JsonNode n, String sender, ZoneId zone, PictureFetcher fetcher, long maxPictureBytes) {
        if (n == null || !n.isObject()) throw new ObjectError("DispositionObject is not a JSON object");
        String id = ViidJson.text(n, "DispositionID");
        if (id == null || !id.matches("[0-9A-Za-z_-]{1,64}")) throw new ObjectError("DispositionID must be 1-64 letters, digits, _ or -, was '" + ViidJson.clip(id) + "'");
        String op = ViidJson.text(n, "OperateType");
        if ("1".equals(op)) return new Disposition(id, null, null, null, null, null, null, null, 3, 0, 0, Set.of(), null, null, null, sender, true);
        if (op != null && !"0".equals(op)) throw new ObjectError("OperateType must be 0 (dispose) or 1 (cancel), was '" + ViidJson.clip(op) + "'");
        JsonNode vehicle = ViidJson.field(n, "MotorVehicleObject");
        String plate = ViidJson.text(n, "PlateNo");
        if (plate == null && vehicle != null) plate = ViidJson.text(vehicle, "PlateNo");
        String feature = ViidJson.text(n, "TargetFeature");
        if (plate == null && feature != null && feature.length() <= 16 && feature.matches("[\\p{IsHan}0-9A-Za-z*?]+")) plate = feature;
        if (plate != null && (plate.length() > 16 || !plate.matches("[\\p{IsHan}0-9A-Za-z*?]+"))) throw new ObjectError("PlateNo '" + ViidJson.clip(plate) + "' is not a plate or plate pattern");
        JsonNode attrs = vehicle != null ? vehicle : n;
        ColorCode plateColor = ViidJson.color(attrs, "PlateColor"), vehicleColor = ViidJson.color(attrs, "VehicleColor");
        VehicleClass vehicleClass = null;
        String vc = ViidJson.text(attrs, "VehicleClass");
        if (vc != null) {
            try {
                vehicleClass = VehicleClass.parse(vc);
            } catch (IllegalArgumentException e) {
                throw new ObjectError("VehicleClass: " + e.getMessage());
            }
        }
        byte[] face = null;
        List<SubImage> images = SubImages.read(n, zone, System.currentTimeMillis(), maxPictureBytes);
        for (SubImage s : images) {
            if (face == null && (s.type().equals(SubImage.FACE) || images.size() == 1)) face = s.data() != null ? s.data() : fetcher.fetch(s.storagePath());
        }
        String target = ViidJson.text(n, "TargetImageURI");
        if (face == null && target != null) face = fetcher.fetch(target);
        if (face != null && !JpegSize.isJpeg(face)) throw new ObjectError("the face picture is not a JPEG");
        String category = ViidJson.text(n, "DispositionCategory");
        if (category == null) category = face != null && plate == null ? "1" : "2";
        if (!category.equals("1") && !category.equals("2")) throw new ObjectError("DispositionCategory " + ViidJson.clip(category) + " is not offered (1 persons by face, 2 motor vehicles)");
        if (category.equals("1") && face == null) throw new ObjectError("a person disposition needs a face picture (SubImageList or TargetImageURI)");
        if (category.equals("2") && plate == null && plateColor == null && vehicleColor == null && vehicleClass == null) {
            throw new ObjectError("a vehicle disposition needs PlateNo or vehicle attributes (PlateColor, VehicleColor, VehicleClass)");
        }
        Integer priority = ViidJson.integer(n, "PriorityLevel", 1, 5);
        long now = System.currentTimeMillis();
        Long begin = ViidTime.field(n, "BeginTime", zone, Long.MAX_VALUE / 2), end = ViidTime.field(n, "EndTime", zone, Long.MAX_VALUE / 2);
        if (begin != null && end != null && end <= begin) throw new ObjectError("EndTime is not after BeginTime");
        if (end != null && end <= now) throw new ObjectError("EndTime has passed");
        Set<String> devices = new LinkedHashSet<>();
        for (String field : new String[] {"TollgateList", "ResourceURI"}) {
            String v = ViidJson.text(n, field);
            if (v == null) continue;
            for (String d : v.split("[,;\\s]+")) {
                if (d.isEmpty()) continue;
                if (!d.matches("[0-9A-Za-z_-]{1,64}")) throw new ObjectError(field + " holds '" + ViidJson.clip(d) + "', not a device or tollgate id");
                devices.add(d);
            }
        }
        String addr = ViidJson.text(n, "ReceiveAddr");
        if (addr != null) {
            try {
                URI u = new URI(addr);
                if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null || u.getRawUserInfo() != null) {
                    throw new ObjectError("ReceiveAddr must be an http:// or https:// URL with a host");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ObjectError("ReceiveAddr is not a URL: '" + ViidJson.clip(addr) + "'");
            }
        }
        String reason = ViidJson.text(n, "Reason");
        if (reason != null && reason.length() > 500) reason = reason.substring(0, 500);
        String title = ViidJson.text(n, "Title");
        if (title != null && title.length() > 200) title = title.substring(0, 200);
        return new Disposition(id, title, category, plate, plateColor, vehicleColor, vehicleClass, face, priority == null ? 3 : priority,
                begin == null ? 0 : begin, end == null ? 0 : end, Set.copyOf(devices), addr, reason, ViidJson.text(n, "ApplicantName"), sender, false);
    }
}
