package org.vistruct.gat1400.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.Face;
import org.vistruct.core.RecordWriter;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.FaceFeatures;
import org.vistruct.gat1400.ObjectError;
import org.vistruct.gat1400.ResponseStatus;
import org.vistruct.gat1400.ViidStatus;
import org.vistruct.gat1400.objects.ObjectKind;
import org.vistruct.gat1400.objects.ObjectReader;

/**
 * Pushed objects into records: each object of a list read, its pictures stored and the record made
 * durable through the one write path, and only then answered OK; an object that is wrong gets its
 * own status and never fails or loses the others. An object already held in its final form is
 * answered OK without being written again: the same object sent twice is one record. The one
 * exception: a copy that brings pictures the held record lacks (a subscription that declared no
 * pictures came first, the push with pictures after it) completes the record.
 */
public final class ObjectIntake {
    private static final Logger log = LoggerFactory.getLogger(ObjectIntake.class);
    /** Objects one request may carry. */
    public static final int MAX_OBJECTS = 1000;
    /** Objects of one request stored at once. */
    private static final int PARALLEL = 8;
    private final ObjectReader reader;
    private final RecordWriter writer;
    private final FaceFeatures faces;
    private final java.util.concurrent.locks.ReentrantLock[] stripes = new java.util.concurrent.locks.ReentrantLock[256];
    public final LongAdder accepted = new LongAdder(), duplicates = new LongAdder(), completed = new LongAdder(), rejected = new LongAdder(),
            failed = new LongAdder();

    public ObjectIntake(ObjectReader reader, RecordWriter writer, FaceFeatures faces) {
        this.reader = reader;
        this.writer = writer;
        this.faces = faces;
        for (int i = 0; i < stripes.length; i++) stripes[i] = new java.util.concurrent.locks.ReentrantLock();
    }

    /** Takes the objects of one list body; one status per object, in order. */
    public List<ResponseStatus> take(ObjectKind kind, JsonNode root, String sender, String requestUrl) {
        List<JsonNode> objects = org.vistruct.gat1400.ViidJson.objects(root, kind.listName(), kind.objectName());
        return take(kind, objects, sender, requestUrl);
    }

    public List<ResponseStatus> take(ObjectKind kind, List<JsonNode> objects, String sender, String requestUrl) {
        return take(kind, objects, sender, requestUrl, false);
    }

    /**
     * @param provisional the objects may not be final yet (the object of a disposition hit, sent when the
     *                    lower platform raised it): held until the final copy comes, and never replacing one
     */
    public List<ResponseStatus> take(ObjectKind kind, List<JsonNode> objects, String sender, String requestUrl, boolean provisional) {
        List<ResponseStatus> out = new ArrayList<>(objects.size());
        if (objects.isEmpty()) {
            out.add(ResponseStatus.of("", requestUrl, ViidStatus.INVALID_JSON_CONTENT, "no " + kind.objectName() + " in " + kind.listName()));
            return out;
        }
        if (objects.size() > MAX_OBJECTS) {
            out.add(ResponseStatus.of("", requestUrl, ViidStatus.DEVICE_BUSY, objects.size() + " objects in one request; send at most " + MAX_OBJECTS));
            return out;
        }
        long now = System.currentTimeMillis();
        if (objects.size() == 1) {
            out.add(takeOne(kind, objects.get(0), sender, requestUrl, now, provisional));
            return out;
        }
        // the objects of one request are stored side by side: their pictures go to the store at once and
        // their journal entries share forces, instead of each waiting for the one before
        ResponseStatus[] statuses = new ResponseStatus[objects.size()];
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL);
        List<Thread> threads = new ArrayList<>(objects.size());
        try {
            for (int i = 0; i < objects.size(); i++) {
                int k = i;
                slots.acquire();
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        statuses[k] = takeOne(kind, objects.get(k), sender, requestUrl, now, provisional);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < statuses.length; i++) {
            out.add(statuses[i] != null ? statuses[i] : ResponseStatus.of(ObjectReader.idOf(kind, objects.get(i)), requestUrl, ViidStatus.DEVICE_BUSY,
                    "interrupted (the server is stopping): send it again"));
        }
        return out;
    }

    private ResponseStatus takeOne(ObjectKind kind, JsonNode n, String sender, String requestUrl, long now, boolean provisional) {
        String id = ObjectReader.idOf(kind, n);
        try {
            ObjectReader.Incoming in = reader.read(kind, n, sender, now);
            boolean completes;
            StructuredRecord r = in.record();
            // copies of one object that arrive together (a subscription's and a push) are decided one after the other
            java.util.concurrent.locks.ReentrantLock lock = stripes[Math.floorMod(r.id().hashCode(), stripes.length)];
            lock.lock();
            try {
                int held = writer.finalPictures(r.id());
                completes = held >= 0;
                if (completes && (provisional || r.pictureKeys().size() <= held)) {
                    duplicates.increment();
                    return ResponseStatus.ok(id, requestUrl);
                }
                if (in.faceForFeature() != null && r instanceof Face f) r = withFeature(f, in.faceForFeature());
                writer.write(r, in.pictures(), provisional);
            } finally {
                lock.unlock();
            }
            (completes ? completed : accepted).increment();
            return ResponseStatus.ok(id, requestUrl);
        } catch (ObjectError e) {
            rejected.increment();
            log.debug("GA/T 1400 {} {} from {} refused: {}", kind.objectName(), id, sender, e.getMessage());
            return ResponseStatus.of(id, requestUrl, e.status(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            failed.increment();
            log.warn("GA/T 1400 {} {} from {} not stored (the sender should send it again): {}", kind.objectName(), id, sender, e.toString());
            return ResponseStatus.of(id, requestUrl, ViidStatus.DEVICE_ERROR, "not stored, send it again: " + e.getMessage());
        }
    }

    /** The face with the feature of its picture; without a feature when no face is found in it (kept, not searchable by face). */
    private Face withFeature(Face f, byte[] jpeg) throws IOException {
        float[] feature = faces.of(jpeg);
        if (feature == null) return f;
        return new Face(f.faceId(), f.deviceId(), f.shotTime(), f.faceAppearTime(), f.faceDisAppearTime(), f.box(), feature, f.quality(), f.personId(),
                f.storageUrl1(), f.storageUrl2(), f.sourceFile(), f.sourceOffsetMs());
    }
}
