package org.vistruct.server;

import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.analyzer.FacePass;
import org.vistruct.analyzer.Pass;
import org.vistruct.analyzer.PersonPass;
import org.vistruct.analyzer.VehiclePass;
import org.vistruct.core.Face;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.Person;
import org.vistruct.core.PictureStore;
import org.vistruct.core.PlateClass;
import org.vistruct.core.RecordIds;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordIndex;
import org.vistruct.storage.ObjectKeys;

/**
 * Where passes become records: pictures are stored first, then the record is indexed, so a record
 * is never searchable without its pictures. When the store stays away after its retries, the
 * record and pictures go to the spool instead of being lost. The index is committed at least
 * every commit interval.
 */
public final class RecordSink {
    private static final Logger log = LoggerFactory.getLogger(RecordSink.class);
    private final PictureStore pictures;
    private final RecordIndex index;
    private final RecordSpool spool;
    private final RecordIds ids;
    private final ZoneId zone;
    private final long commitIntervalMs;
    private volatile long lastCommit = System.currentTimeMillis();
    private final AtomicLong written = new AtomicLong(), spooled = new AtomicLong();
    private volatile Listener listener = (r, provisional) -> { };
    /** Writes share it; a backup takes it alone for the moment it fixes its point in time. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock writes = new java.util.concurrent.locks.ReentrantReadWriteLock();

    /** Told of every record written. */
    public interface Listener {
        /**
         * @param provisional a vehicle or face written while still in view; the same record is written again when it leaves
         */
        void written(StructuredRecord record, boolean provisional);
    }

    /**
     * Told of every record once it is durable: searchable, or spooled while the object store is away
     * (so a watched plate still raises its alert at once; its pictures follow when the spool is replayed).
     */
    public void onWritten(Listener l) { this.listener = l; }

    public RecordSink(PictureStore pictures, RecordIndex index, RecordSpool spool, ZoneId zone, long commitIntervalMs) {
        this.pictures = pictures;
        this.index = index;
        this.spool = spool;
        this.ids = new RecordIds(zone);
        this.zone = zone;
        this.commitIntervalMs = commitIntervalMs;
    }

    /** The ids of the records this sink writes, handed to the analyzers so tracks can name each other. */
    public RecordIds ids() { return ids; }

    /**
     * Writes one pass as a record of the device; returns the record. A provisional pass is
     * written like any other and replaced (same id, same picture keys within the hour) by its final pass;
     * only final passes are counted.
     */
    public StructuredRecord write(Pass pass, String deviceId, String sourceFile) throws IOException {
        writes.readLock().lock();
        try {
            return writeRecord(pass, deviceId, sourceFile);
        } finally {
            writes.readLock().unlock();
        }
    }

    /** Holds every write until the returned pause is closed (a backup fixing its point in time). */
    public AutoCloseable pause() {
        writes.writeLock().lock();
        return () -> writes.writeLock().unlock();
    }

    private StructuredRecord writeRecord(Pass pass, String deviceId, String sourceFile) throws IOException {
        boolean provisional = pass.provisional();
        Map<String, byte[]> jpegs = new LinkedHashMap<>();
        StructuredRecord record = switch (pass) {
            case VehiclePass p -> {
                String plateNo = p.plate() == null ? MotorVehicle.NO_PLATE : p.plate().text();
                long t = p.passTime();
                yield new MotorVehicle(p.id(), deviceId, t, p.appearTime(), p.disappearTime(), plateNo,
                        p.plateColor(), p.plate() == null ? null : PlateClass.of(plateNo, p.plateColor()),
                        p.plate() == null ? 0 : p.plate().reliability(), p.vehicleClass(), p.vehicleClassConfidence(),
                        p.vehicleColor(), p.vehicleColorConfidence(), p.box(),
                        key(jpegs, deviceId, t, p.id(), "vehicle", p.closeUpJpeg()), key(jpegs, deviceId, t, p.id(), "plate", p.plateJpeg()),
                        key(jpegs, deviceId, t, p.id(), "scene", p.sceneJpeg()), sourceFile, p.offsetMs());
            }
            case FacePass p -> new Face(p.id(), deviceId, p.shotTime(), p.appearTime(), p.disappearTime(), p.box(), p.feature(),
                    p.quality(), p.personId(), key(jpegs, deviceId, p.shotTime(), p.id(), "face", p.faceJpeg()),
                    key(jpegs, deviceId, p.shotTime(), p.id(), "scene", p.sceneJpeg()), sourceFile, p.offsetMs());
            case PersonPass p -> new Person(p.id(), deviceId, p.shotTime(), p.appearTime(), p.disappearTime(), p.box(), p.reliability(),
                    key(jpegs, deviceId, p.shotTime(), p.id(), "person", p.bodyJpeg()),
                    key(jpegs, deviceId, p.shotTime(), p.id(), "scene", p.sceneJpeg()), sourceFile, p.offsetMs());
        };
        try {
            for (var e : jpegs.entrySet()) pictures.put(e.getKey(), e.getValue());
        } catch (IOException e) {
            spool.keep(record, jpegs);
            if (!provisional) spooled.incrementAndGet();
            log.error("{} {} of device {} spooled to disk: {}", record.type(), record.id(), deviceId, e.getMessage());
            listener.written(record, provisional);
            return record;
        }
        index.add(record);
        if (!provisional) written.incrementAndGet();
        listener.written(record, provisional);
        long now = System.currentTimeMillis();
        if (now - lastCommit >= commitIntervalMs) {
            index.commit();
            lastCommit = now;
        }
        return record;
    }

    private String key(Map<String, byte[]> jpegs, String deviceId, long time, String id, String kind, byte[] jpeg) {
        if (jpeg == null) return null;
        String key = ObjectKeys.of(deviceId, time, id, kind, zone);
        jpegs.put(key, jpeg);
        return key;
    }

    public synchronized void commit() throws IOException {
        index.commit();
        lastCommit = System.currentTimeMillis();
    }

    public long written() { return written.get(); }

    public long spooled() { return spooled.get(); }
}
