package org.vistruct.index;

import static org.vistruct.index.RecordDocuments.longOf;
import static org.vistruct.index.RecordDocuments.storeIfSet;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.vistruct.core.ColorCode;
import org.vistruct.core.NonMotorVehicle;

/** The NonMotorVehicle fields of a record document, with their GA/T 1400 names. */
final class NonMotorVehicleDocument {
    private NonMotorVehicleDocument() {}

    static void add(Document d, NonMotorVehicle v) {
        d.add(new StoredField("NonMotorVehicleID", v.nonMotorVehicleId()));
        d.add(new StoredField("ShotTime", v.shotTime()));
        d.add(new StoredField("AppearTime", v.appearTime()));
        d.add(new StoredField("DisappearTime", v.disappearTime()));
        storeIfSet(d, "PlateNo", v.plateNo());
        if (v.vehicleColor() != null) d.add(new StringField(MotorVehicleDocument.VEHICLE_COLOR, Integer.toString(v.vehicleColor().code()), Store.YES));
        storeIfSet(d, "StorageUrl1", v.storageUrl1());
        storeIfSet(d, "StorageUrl2", v.storageUrl2());
    }

    static NonMotorVehicle toRecord(Document d) {
        String color = d.get(MotorVehicleDocument.VEHICLE_COLOR);
        return new NonMotorVehicle(d.get("NonMotorVehicleID"), d.get(RecordDocuments.DEVICE), longOf(d, "ShotTime"), longOf(d, "AppearTime"),
                longOf(d, "DisappearTime"), d.get("PlateNo"), color == null ? null : ColorCode.ofCode(Integer.parseInt(color)), RecordDocuments.box(d),
                d.get("StorageUrl1"), d.get("StorageUrl2"), d.get("SourceFile"), longOf(d, "SourceOffsetMs"));
    }
}
