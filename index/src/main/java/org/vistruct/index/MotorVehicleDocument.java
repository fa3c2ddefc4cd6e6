package org.vistruct.index;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.index.IndexableField;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateClass;
import org.vistruct.core.VehicleClass;

/** The Lucene form of a MotorVehicle record, with GA/T 1400 field names, both ways. */
final class MotorVehicleDocument {
    static final String TYPE = "Type", ID = "MotorVehicleID", DEVICE = "DeviceID", PASS_TIME = "PassTime",
            PLATE = "PlateNo", PLATE_COLOR = "PlateColor", VEHICLE_CLASS = "VehicleClass", VEHICLE_COLOR = "VehicleColor",
            PLATE_RELIABILITY = "PlateReliability";

    private MotorVehicleDocument() {}

    static Document of(MotorVehicle r) {
        Document d = new Document();
        d.add(new StringField(TYPE, "MotorVehicle", Store.NO));
        d.add(new StringField(ID, r.motorVehicleId(), Store.YES));
        d.add(new StringField(DEVICE, r.deviceId(), Store.YES));
        d.add(new LongPoint(PASS_TIME, r.passTime()));
        d.add(new NumericDocValuesField(PASS_TIME, r.passTime()));
        d.add(new StoredField(PASS_TIME, r.passTime()));
        d.add(new StoredField("AppearTime", r.appearTime()));
        d.add(new StoredField("DisappearTime", r.disappearTime()));
        d.add(new StringField(PLATE, r.plateNo(), Store.YES));
        if (r.plateColor() != null) d.add(new StringField(PLATE_COLOR, Integer.toString(r.plateColor().code()), Store.YES));
        if (r.plateClass() != null) d.add(new StoredField("PlateClass", r.plateClass().code()));
        d.add(new IntPoint(PLATE_RELIABILITY, r.plateReliability()));
        d.add(new StoredField(PLATE_RELIABILITY, r.plateReliability()));
        d.add(new StringField(VEHICLE_CLASS, r.vehicleClass().code(), Store.YES));
        d.add(new StoredField("VehicleClassReliability", r.vehicleClassReliability()));
        d.add(new StringField(VEHICLE_COLOR, Integer.toString(r.vehicleColor().code()), Store.YES));
        d.add(new StoredField("VehicleColorReliability", r.vehicleColorReliability()));
        Box b = r.box();
        d.add(new StoredField("LeftTopX", b.leftTopX()));
        d.add(new StoredField("LeftTopY", b.leftTopY()));
        d.add(new StoredField("RightBtmX", b.rightBtmX()));
        d.add(new StoredField("RightBtmY", b.rightBtmY()));
        storeIfSet(d, "StorageUrl1", r.storageUrl1());
        storeIfSet(d, "StorageUrl2", r.storageUrl2());
        storeIfSet(d, "StorageUrl3", r.storageUrl3());
        storeIfSet(d, "SourceFile", r.sourceFile());
        d.add(new StoredField("SourceOffsetMs", r.sourceOffsetMs()));
        return d;
    }

    private static void storeIfSet(Document d, String name, String value) {
        if (value != null) d.add(new StoredField(name, value));
    }

    static MotorVehicle toRecord(Document d) {
        String plateColor = d.get(PLATE_COLOR), plateClass = d.get("PlateClass");
        return new MotorVehicle(d.get(ID), d.get(DEVICE), longOf(d, PASS_TIME), longOf(d, "AppearTime"), longOf(d, "DisappearTime"),
                d.get(PLATE), plateColor == null ? null : ColorCode.ofCode(Integer.parseInt(plateColor)),
                plateClass == null ? null : PlateClass.ofCode(plateClass), intOf(d, PLATE_RELIABILITY),
                VehicleClass.parse(d.get(VEHICLE_CLASS)), intOf(d, "VehicleClassReliability"),
                ColorCode.ofCode(Integer.parseInt(d.get(VEHICLE_COLOR))), intOf(d, "VehicleColorReliability"),
                new Box(intOf(d, "LeftTopX"), intOf(d, "LeftTopY"), intOf(d, "RightBtmX"), intOf(d, "RightBtmY")),
                d.get("StorageUrl1"), d.get("StorageUrl2"), d.get("StorageUrl3"), d.get("SourceFile"), longOf(d, "SourceOffsetMs"));
    }

    private static long longOf(Document d, String name) {
        IndexableField f = d.getField(name);
        return f == null ? 0 : f.numericValue().longValue();
    }

    private static int intOf(Document d, String name) {
        IndexableField f = d.getField(name);
        return f == null ? 0 : f.numericValue().intValue();
    }
}
