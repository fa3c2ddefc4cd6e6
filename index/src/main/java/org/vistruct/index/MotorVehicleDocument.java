package org.vistruct.index;

import static org.vistruct.index.RecordDocuments.intOf;
import static org.vistruct.index.RecordDocuments.longOf;
import static org.vistruct.index.RecordDocuments.storeIfSet;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PlateClass;
import org.vistruct.core.VehicleClass;

/** The MotorVehicle fields of a record document, with their GA/T 1400 names. */
final class MotorVehicleDocument {
    static final String ID = "MotorVehicleID", PASS_TIME = "PassTime", PLATE = "PlateNo", PLATE_COLOR = "PlateColor",
            VEHICLE_CLASS = "VehicleClass", VEHICLE_COLOR = "VehicleColor", PLATE_RELIABILITY = "PlateReliability";

    private MotorVehicleDocument() {}

    static void add(Document d, MotorVehicle r) {
        d.add(new StoredField(ID, r.motorVehicleId()));
        d.add(new StoredField(PASS_TIME, r.passTime()));
        d.add(new StoredField("AppearTime", r.appearTime()));
        d.add(new StoredField("DisappearTime", r.disappearTime()));
        PlateQueries.index(d, r.plateNo());
        if (r.plateColor() != null) d.add(new StringField(PLATE_COLOR, Integer.toString(r.plateColor().code()), Store.YES));
        if (r.plateClass() != null) d.add(new StoredField("PlateClass", r.plateClass().code()));
        d.add(new IntPoint(PLATE_RELIABILITY, r.plateReliability()));
        d.add(new StoredField(PLATE_RELIABILITY, r.plateReliability()));
        if (r.vehicleClass() != null) d.add(new StringField(VEHICLE_CLASS, r.vehicleClass().code(), Store.YES));
        d.add(new StoredField("VehicleClassReliability", r.vehicleClassReliability()));
        if (r.vehicleColor() != null) d.add(new StringField(VEHICLE_COLOR, Integer.toString(r.vehicleColor().code()), Store.YES));
        d.add(new StoredField("VehicleColorReliability", r.vehicleColorReliability()));
        // the columns analytics read (PassView): the device as a sorted doc value, the attributes packed in one
        d.add(new SortedDocValuesField(ColumnPassView.DEVICE, new BytesRef(r.deviceId())));
        d.add(new NumericDocValuesField(ColumnPassView.ATTRIBUTES, PassAttributes.of(r)));
        storeIfSet(d, "StorageUrl1", r.storageUrl1());
        storeIfSet(d, "StorageUrl2", r.storageUrl2());
        storeIfSet(d, "StorageUrl3", r.storageUrl3());
    }

    static MotorVehicle toRecord(Document d) {
        String plateColor = d.get(PLATE_COLOR), plateClass = d.get("PlateClass"), vehicleClass = d.get(VEHICLE_CLASS), vehicleColor = d.get(VEHICLE_COLOR);
        return new MotorVehicle(d.get(ID), d.get(RecordDocuments.DEVICE), longOf(d, PASS_TIME), longOf(d, "AppearTime"),
                longOf(d, "DisappearTime"), d.get(PLATE), plateColor == null ? null : ColorCode.ofCode(Integer.parseInt(plateColor)),
                plateClass == null ? null : PlateClass.ofCode(plateClass), intOf(d, PLATE_RELIABILITY),
                vehicleClass == null ? null : VehicleClass.parse(vehicleClass), intOf(d, "VehicleClassReliability"),
                vehicleColor == null ? null : ColorCode.ofCode(Integer.parseInt(vehicleColor)), intOf(d, "VehicleColorReliability"),
                RecordDocuments.box(d), d.get("StorageUrl1"), d.get("StorageUrl2"), d.get("StorageUrl3"), d.get("SourceFile"),
                longOf(d, "SourceOffsetMs"));
    }
}
