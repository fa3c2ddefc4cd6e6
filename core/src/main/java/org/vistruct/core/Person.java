package org.vistruct.core;

/**
 * One person passing a camera (one per person track), with GA/T 1400 Person fields. StorageUrl1
 * is the full-body picture, StorageUrl2 the scene.
 */
public record Person(String personId, String deviceId, long shotTime, long personAppearTime, long personDisAppearTime, Box box,
                     int reliability, String storageUrl1, String storageUrl2, String sourceFile, long sourceOffsetMs)
        implements StructuredRecord {
    @Override public String id() { return personId; }

    @Override public RecordType type() { return RecordType.Person; }

    @Override public long time() { return shotTime; }

    @Override public java.util.List<String> pictureKeys() { return StructuredRecord.keys(storageUrl1, storageUrl2); }

    @Override public String sceneKey() { return storageUrl2; }

    @Override
    public Person withoutScene() {
        return new Person(personId, deviceId, shotTime, personAppearTime, personDisAppearTime, box, reliability, storageUrl1, null, sourceFile, sourceOffsetMs);
    }
}
