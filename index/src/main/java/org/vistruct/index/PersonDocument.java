package org.vistruct.index;

import static org.vistruct.index.RecordDocuments.intOf;
import static org.vistruct.index.RecordDocuments.longOf;
import static org.vistruct.index.RecordDocuments.storeIfSet;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.vistruct.core.Person;

/** The Person fields of a record document. */
final class PersonDocument {
    private PersonDocument() {}

    static void add(Document d, Person p) {
        d.add(new StoredField("PersonID", p.personId()));
        d.add(new StoredField("ShotTime", p.shotTime()));
        d.add(new StoredField("PersonAppearTime", p.personAppearTime()));
        d.add(new StoredField("PersonDisAppearTime", p.personDisAppearTime()));
        d.add(new StoredField("Reliability", p.reliability()));
        storeIfSet(d, "StorageUrl1", p.storageUrl1());
        storeIfSet(d, "StorageUrl2", p.storageUrl2());
    }

    static Person toRecord(Document d) {
        return new Person(d.get("PersonID"), d.get(RecordDocuments.DEVICE), longOf(d, "ShotTime"), longOf(d, "PersonAppearTime"),
                longOf(d, "PersonDisAppearTime"), RecordDocuments.box(d), intOf(d, "Reliability"), d.get("StorageUrl1"),
                d.get("StorageUrl2"), d.get("SourceFile"), longOf(d, "SourceOffsetMs"));
    }
}
