package org.vistruct.index;

import static org.vistruct.index.RecordDocuments.intOf;
import static org.vistruct.index.RecordDocuments.longOf;
import static org.vistruct.index.RecordDocuments.storeIfSet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.vistruct.core.Face;

/** The Face fields of a record document; the feature is both a KNN vector (cosine) and stored. */
final class FaceDocument {
    static final String FEATURE = "FaceFeature";

    private FaceDocument() {}

    static void add(Document d, Face f) {
        d.add(new StoredField("FaceID", f.faceId()));
        d.add(new StoredField("ShotTime", f.shotTime()));
        d.add(new StoredField("FaceAppearTime", f.faceAppearTime()));
        d.add(new StoredField("FaceDisAppearTime", f.faceDisAppearTime()));
        if (f.feature() != null) { // a pushed face in which no face was found has none: found by time and device, not by face
            d.add(new KnnFloatVectorField(FEATURE, f.feature(), VectorSimilarityFunction.COSINE));
            ByteBuffer bytes = ByteBuffer.allocate(f.feature().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(f.feature());
            d.add(new StoredField(FEATURE, new BytesRef(bytes.array())));
        }
        d.add(new StoredField("FaceQuality", f.quality()));
        storeIfSet(d, "PersonID", f.personId());
        storeIfSet(d, "StorageUrl1", f.storageUrl1());
        storeIfSet(d, "StorageUrl2", f.storageUrl2());
    }

    static Face toRecord(Document d) {
        BytesRef raw = d.getBinaryValue(FEATURE);
        float[] feature = raw == null ? null : new float[raw.length / 4];
        if (raw != null) ByteBuffer.wrap(raw.bytes, raw.offset, raw.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(feature);
        return new Face(d.get("FaceID"), d.get(RecordDocuments.DEVICE), longOf(d, "ShotTime"), longOf(d, "FaceAppearTime"),
                longOf(d, "FaceDisAppearTime"), RecordDocuments.box(d), feature, intOf(d, "FaceQuality"), d.get("PersonID"),
                d.get("StorageUrl1"), d.get("StorageUrl2"), d.get("SourceFile"), longOf(d, "SourceOffsetMs"));
    }
}
