package org.vistruct.index;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.vistruct.core.Box;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.NonMotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.RecordType;
import org.vistruct.core.StructuredRecord;

/**
 * The Lucene form of every record type: fields every record has (type, id, device, time, box,
 * source) under internal names for filtering and sorting, plus each type's GA/T 1400 fields from
 * its own codec.
 */
final class RecordDocuments {
    static final String TYPE = "Type", ID = "_id", TIME = "_time", DEVICE = "DeviceID";
    /** Marks records that still keep a scene picture, so retention finds the scenes to expire without walking what has none. */
    static final String HAS_SCENE = "_scene";
    /** The write's version (provisional 1, final 2), stored so replays can compare. */
    static final String VERSION = "_version";
    /** The source file and offset, indexed, so a resumed job finds what it wrote after its resume point. */
    static final String SOURCE = "_source", OFFSET = "_offset";
    /** The record's place in the feed: the journal sequence of its final write (indexed, sorted on, stored). Provisional records have none. */
    static final String FEED = "_feed";

    private RecordDocuments() {}

    static Document of(StructuredRecord r) {
        return of(r, RecordIndex.FINAL);
    }

    static Document of(StructuredRecord r, int version) {
        return of(r, version, 0);
    }

    /** @param feedPosition the record's place in the feed, 0 for none */
    static Document of(StructuredRecord r, int version, long feedPosition) {
        Document d = new Document();
        d.add(new StoredField(VERSION, version));
        if (feedPosition > 0) {
            d.add(new LongPoint(FEED, feedPosition));
            d.add(new NumericDocValuesField(FEED, feedPosition));
            d.add(new StoredField(FEED, feedPosition));
        }
        d.add(new StringField(TYPE, r.type().name(), Store.YES));
        d.add(new StringField(ID, r.id(), Store.NO));
        d.add(new StringField(DEVICE, r.deviceId(), Store.YES));
        d.add(new LongPoint(TIME, r.time()));
        d.add(new NumericDocValuesField(TIME, r.time()));
        if (r.sceneKey() != null) d.add(new StringField(HAS_SCENE, "1", Store.NO));
        Box b = r.box();
        d.add(new StoredField("LeftTopX", b.leftTopX()));
        d.add(new StoredField("LeftTopY", b.leftTopY()));
        d.add(new StoredField("RightBtmX", b.rightBtmX()));
        d.add(new StoredField("RightBtmY", b.rightBtmY()));
        storeIfSet(d, "SourceFile", r.sourceFile());
        if (r.sourceFile() != null) {
            d.add(new StringField(SOURCE, r.sourceFile(), Store.NO));
            d.add(new LongPoint(OFFSET, r.sourceOffsetMs()));
        }
        d.add(new StoredField("SourceOffsetMs", r.sourceOffsetMs()));
        switch (r) {
            case MotorVehicle v -> MotorVehicleDocument.add(d, v);
            case Face f -> FaceDocument.add(d, f);
            case Person p -> PersonDocument.add(d, p);
            case NonMotorVehicle v -> NonMotorVehicleDocument.add(d, v);
        }
        return d;
    }

    static StructuredRecord toRecord(Document d) {
        return switch (RecordType.valueOf(d.get(TYPE))) {
            case MotorVehicle -> MotorVehicleDocument.toRecord(d);
            case Face -> FaceDocument.toRecord(d);
            case Person -> PersonDocument.toRecord(d);
            case NonMotorVehicle -> NonMotorVehicleDocument.toRecord(d);
        };
    }

    static Box box(Document d) {
        return new Box(intOf(d, "LeftTopX"), intOf(d, "LeftTopY"), intOf(d, "RightBtmX"), intOf(d, "RightBtmY"));
    }

    static void storeIfSet(Document d, String name, String value) {
        if (value != null) d.add(new StoredField(name, value));
    }

    static long longOf(Document d, String name) {
        IndexableField f = d.getField(name);
        return f == null ? 0 : f.numericValue().longValue();
    }

    static int intOf(Document d, String name) {
        IndexableField f = d.getField(name);
        return f == null ? 0 : f.numericValue().intValue();
    }
}
