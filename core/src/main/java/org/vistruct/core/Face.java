package org.vistruct.core;

/**
 * One face passing a camera (one per face track), with GA/T 1400 Face fields. StorageUrl1 is the
 * face close-up, StorageUrl2 the scene. The feature is the L2-normalised 128-d MobileFaceNet
 * embedding (quality-weighted over the track's best shots).
 *
 * @param personId the Person record whose box held this face, or null
 * @param quality  best-shot quality, 0-100 (size, frontality, sharpness)
 */
public record Face(String faceId, String deviceId, long shotTime, long faceAppearTime, long faceDisAppearTime, Box box,
                   float[] feature, int quality, String personId, String storageUrl1, String storageUrl2, String sourceFile,
                   long sourceOffsetMs) implements StructuredRecord {
    @Override public String id() { return faceId; }

    @Override public RecordType type() { return RecordType.Face; }

    @Override public long time() { return shotTime; }

    @Override public java.util.List<String> pictureKeys() { return StructuredRecord.keys(storageUrl1, storageUrl2); }

    @Override public String sceneKey() { return storageUrl2; }

    @Override
    public Face withoutScene() {
        return new Face(faceId, deviceId, shotTime, faceAppearTime, faceDisAppearTime, box, feature, quality, personId, storageUrl1, null, sourceFile, sourceOffsetMs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Face f && faceId.equals(f.faceId) && deviceId.equals(f.deviceId) && shotTime == f.shotTime
                && faceAppearTime == f.faceAppearTime && faceDisAppearTime == f.faceDisAppearTime && box.equals(f.box)
                && java.util.Arrays.equals(feature, f.feature) && quality == f.quality && java.util.Objects.equals(personId, f.personId)
                && java.util.Objects.equals(storageUrl1, f.storageUrl1) && java.util.Objects.equals(storageUrl2, f.storageUrl2)
                && java.util.Objects.equals(sourceFile, f.sourceFile) && sourceOffsetMs == f.sourceOffsetMs;
    }

    @Override
    public int hashCode() { return faceId.hashCode(); }
}
