package org.vistruct.gat1400.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vistruct.core.ColorCode;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;
import org.vistruct.core.VehicleClass;
import org.vistruct.gat1400.RecordFinder;
import org.vistruct.gat1400.ViidException;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.ViidTime;
import org.vistruct.gat1400.objects.ObjectKind;
import org.vistruct.gat1400.objects.ObjectWriter;

/**
 * GET /VIID/MotorVehicles, /Faces, /Persons, /NonMotorVehicles: the common conditions of the
 * standard's queries, each written as a parameter with or without the object name
 * ("MotorVehicle.PlateNo=…" or "PlateNo=…"): DeviceID (comma-separated), the object's time with
 * ">=" / "<=" (or BeginTime / EndTime), PlateNo (* and ? wildcards), PlateColor, VehicleColor,
 * VehicleClass; paged by RecordStartNo (from 1) and PageRecordNum. A condition not understood is
 * refused, never ignored: an integrator must not get unfiltered results he thinks are filtered.
 * Pictures are given as StoragePath URLs, not inline.
 */
public final class ObjectQueries {
    public static final int MAX_PAGE = 1000;
    private final RecordFinder finder;
    private final ObjectWriter writer;
    private final ZoneId zone;

    public ObjectQueries(RecordFinder finder, ObjectWriter writer, ZoneId zone) {
        this.finder = finder;
        this.writer = writer;
        this.zone = zone;
    }

    public ObjectNode query(ObjectKind kind, Map<String, List<String>> params) throws IOException {
        Set<String> devices = new LinkedHashSet<>();
        Long from = null, to = null;
        String plate = null;
        ColorCode plateColor = null, vehicleColor = null;
        VehicleClass vehicleClass = null;
        int start = 1, size = 20;
        String prefix = kind.objectName().replace("Object", "") + ".";
        String timeField = switch (kind) {
            case MOTOR_VEHICLE -> "PassTime";
            default -> "ShotTime";
        };
        long now = System.currentTimeMillis();
        for (var e : params.entrySet()) {
            String key = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
            String value = e.getValue().isEmpty() ? "" : e.getValue().get(0).trim();
            if (value.startsWith("'") && value.endsWith("'") && value.length() >= 2) value = value.substring(1, value.length() - 1);
            try {
                switch (key) {
                    case "RecordStartNo" -> start = bounded(value, key, 1, 1_000_000);
                    case "PageRecordNum" -> size = bounded(value, key, 1, MAX_PAGE);
                    case "DeviceID" -> {
                        for (String d : value.split(",")) if (!d.isBlank()) devices.add(d.trim());
                        if (devices.size() > 1000) throw ViidException.badContent("at most 1000 DeviceIDs");
                    }
                    case "BeginTime" -> from = ViidTime.parse(value, zone);
                    case "EndTime" -> to = ViidTime.parse(value, zone) + 1000;
                    case "PlateNo" -> {
                        if (kind != ObjectKind.MOTOR_VEHICLE) throw ViidException.badContent("PlateNo is a condition on motor vehicles");
                        if (value.isEmpty() || value.length() > 16) throw ViidException.badContent("PlateNo must be 1-16 characters");
                        plate = value;
                    }
                    case "PlateColor" -> plateColor = ColorCode.parse(value);
                    case "VehicleColor" -> vehicleColor = ColorCode.parse(value);
                    case "VehicleClass" -> vehicleClass = VehicleClass.parse(value);
                    default -> {
                        if (key.equals(timeField + ">") || key.equals(timeField + ">=")) from = ViidTime.parse(value.replaceFirst("^=", ""), zone);
                        else if (key.equals(timeField + "<") || key.equals(timeField + "<=")) to = ViidTime.parse(value.replaceFirst("^=", ""), zone) + 1000;
                        else throw ViidException.badContent("query condition '" + ViidJson.clip(e.getKey()) + "' is not supported on " + kind.resource()
                                    + " (supported: DeviceID, " + timeField + ">=, " + timeField + "<=, BeginTime, EndTime, PlateNo, PlateColor, VehicleColor, VehicleClass,"
                                    + " RecordStartNo, PageRecordNum)");
                    }
                }
            } catch (IllegalArgumentException bad) {
                throw ViidException.badContent(key + ": " + bad.getMessage());
            }
        }
        if (from != null && to != null && from >= to) throw ViidException.badContent("the time range ends before it starts");
        if (kind != ObjectKind.MOTOR_VEHICLE && (plateColor != null || vehicleClass != null)) throw ViidException.badContent("PlateColor and VehicleClass are conditions on motor vehicles");
        RecordType type = kind.type();
        RecordFinder.Page page;
        try {
            page = finder.find(new RecordFinder.Query(type, devices, from, to, plate, plateColor, vehicleColor, vehicleClass, start - 1, size));
        } catch (IllegalArgumentException bad) { // a plate pattern with characters no plate has
            throw ViidException.badContent(bad.getMessage());
        }
        List<ObjectNode> objects = new ArrayList<>(page.records().size());
        for (StructuredRecord r : page.records()) objects.add(writer.object(r, null, false, false));
        ObjectNode out = ObjectWriter.list(kind, objects);
        ((ObjectNode) out.get(kind.listName())).put("TotalNum", page.total());
        return out;
    }

    private static int bounded(String v, String name, int min, int max) {
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw ViidException.badContent(name + " must be " + min + "-" + max + ", was " + i);
            return i;
        } catch (NumberFormatException e) {
            throw ViidException.badContent(name + " must be a whole number, was '" + ViidJson.clip(v) + "'");
        }
    }
}
