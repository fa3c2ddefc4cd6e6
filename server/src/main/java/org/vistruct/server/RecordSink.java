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
import org.vistruct.index.RecordStore;
import org.vistruct.index.StoreUnavailableException;
import org.vistruct.core.ObjectKeys;

/**
 * The one write path of every record, whether analysed here, pushed in or replayed: (1) wait while
 * the disk is below its reserve, (2) store the pictures, (3) make the record durable (the index's
 * journal, or the spool with its pictures while the store is away), and only then (4) acknowledge
 * it: listeners (the live list, alerts) hear of it and the caller gets it back. A record is never
 * searchable without its pictures, and never shown before it survives a killed process.
 */
public final class RecordSink implements org.vistruct.core.RecordWriter {
    private static final Logger log = LoggerFactory.getLogger(RecordSink.class);
    private final PictureStore pictures;
    private final RecordStore index;
    private final RecordSpool spool;
    private final DiskGuard disk;
    private final RecordIds ids;
    private final ZoneId zone;
    private final AtomicLong written = new AtomicLong(), spooled = new AtomicLong();
    private final RecentFinals recentFinals = new RecentFinals(100_000);
    private volatile Listener listener = (r, provisional, where) -> { };
    /** Writes share it; a backup takes it alone for the moment it fixes its point in time. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock writes = new java.util.concurrent.locks.ReentrantReadWriteLock();

    /** Where a record was made durable. */
    public enum Durable {
        /** In the index (through its journal): searchable. */
        INDEXED,
        /** In the spool with its pictures while the object store is away: searchable once the spool drains. */
        SPOOLED,
        /** Drained from the spool into the index. */
        DRAINED
    }

    /** Told of every record once it is durable. */
    public interface Listener {
        /**
         * @param provisional a vehicle or face written while still in view; the same record is written again when it leaves
         */
        void written(StructuredRecord record, boolean provisional, Durable where);
    }

    /**
     * Told of every record once it is durable: searchable, or spooled while the object store is away
     * (so a watched plate still raises its alert at once; its pictures follow when the spool drains).
     */
    public void onWritten(Listener l) { this.listener = l; }

    public RecordSink(PictureStore pictures, RecordStore index, RecordSpool spool, DiskGuard disk, ZoneId zone) {
        this.pictures = pictures;
        this.index = index;
        this.spool = spool;
        this.disk = disk;
        this.ids = new RecordIds(zone);
        this.zone = zone;
    }

    /** The ids of the records this sink writes, handed to the analyzers so tracks can name each other. */
    public RecordIds ids() { return ids; }

    /**
     * Writes one pass as a record of the device; returns the record. A provisional pass is
     * written like any other and replaced (same id, same picture keys within the hour) by its final pass;
     * only final passes are counted.
     */
    public StructuredRecord write(Pass pass, String deviceId, String sourceFile) throws IOException {
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
        return write(record, jpegs, pass.provisional());
    }

    /**
     * Writes a record with its pictures (object key → JPEG): stored, durable, then acknowledged.
     *
     * @param provisional written while its object is still in view: a later write of the same id replaces it, never the other way round
     */
    @Override
    public StructuredRecord write(StructuredRecord record, Map<String, byte[]> jpegs, boolean provisional) throws IOException {
        writes.readLock().lock();
        try {
            disk.awaitSpace("writing " + record.type() + " " + record.id() + " of device " + record.deviceId());
            int version = provisional ? RecordStore.PROVISIONAL : RecordStore.FINAL;
            boolean stored = storePictures(record, jpegs);
            boolean indexed = stored && indexed(record, version);
            if (!indexed) spool.keep(record, version, stored ? Map.of() : jpegs); // stored pictures are not kept twice
            if (!provisional) (indexed ? written : spooled).incrementAndGet();
            Durable where = indexed ? Durable.INDEXED : Durable.SPOOLED;
            if (!provisional) recentFinals.add(record.id(), record.pictureKeys().size());
            listener.written(record, provisional, where);
            return record;
        } finally {
            writes.readLock().unlock();
        }
    }

    /**
     * Adds the record to the index; false when the index cannot take writes now (a search cluster
     * away): the record goes to the spool instead, to be written when the index is back.
     */
    private boolean indexed(StructuredRecord record, int version) throws IOException {
        try {
            index.add(record, version);
            return true;
        } catch (StoreUnavailableException e) {
            log.error("{} {} of device {} spooled to disk: {}", record.type(), record.id(), record.deviceId(), e.getMessage());
            return false;
        }
    }

    /**
     * Stores the pictures; false when the record must go to the spool instead: the store failed after
     * its retries, or it is known to be away while older records wait in the spool (no point waiting
     * out its retries for each record: the spool drainer finds out when it is back).
     */
    private boolean storePictures(StructuredRecord record, Map<String, byte[]> jpegs) throws IOException {
        if (jpegs.isEmpty()) return true;
        if (!pictures.available() && spool.size() > 0) return false;
        try {
            for (var e : jpegs.entrySet()) pictures.put(e.getKey(), e.getValue());
            return true;
        } catch (IOException e) {
            log.error("{} {} of device {} spooled to disk: {}", record.type(), record.id(), record.deviceId(), e.getMessage());
            return false;
        }
    }

    /** The spool's records, stored now that the store answers; counted as written, announced like any record. */
    public int drainSpool() throws IOException {
        writes.readLock().lock();
        try {
            return spool.drain(pictures, index, (r, provisional) -> {
                if (!provisional) {
                    written.incrementAndGet();
                    spooled.decrementAndGet();
                    recentFinals.add(r.id(), r.pictureKeys().size());
                }
                listener.written(r, provisional, Durable.DRAINED);
            });
        } finally {
            writes.readLock().unlock();
        }
    }

    @Override
    public int finalPictures(String id) throws IOException {
        // the index is asked on its current view, not refreshed for this (see versionInView), and spooled
        // records are not in it yet: what was written a moment ago is answered from the recent list
        Integer recent = recentFinals.pictures(id);
        if (recent != null) return recent;
        Integer v = index.versionInView(id);
        if (v == null || v < RecordStore.FINAL) return -1;
        StructuredRecord held = index.get(id);
        return held == null ? 0 : held.pictureKeys().size();
    }

    /** Holds every write until the returned pause is closed (a backup fixing its point in time). */
    public AutoCloseable pause() {
        writes.writeLock().lock();
        return () -> writes.writeLock().unlock();
    }

    private String key(Map<String, byte[]> jpegs, String deviceId, long time, String id, String kind, byte[] jpeg) {
        if (jpeg == null) return null;
        String key = ObjectKeys.of(deviceId, time, id, kind, zone);
        jpegs.put(key, jpeg);
        return key;
    }

    /** Commits the index (what was added is durable already through its journal: this bounds a restart's replay). */
    public void commit() throws IOException {
        index.commit();
    }

    /** Final records indexed by this sink (spooled ones count when the spool drains). */
    public long written() { return written.get(); }

    /** Final records written to the spool and not yet drained by this sink. */
    public long spooled() { return Math.max(0, spooled.get()); }

    public RecordSpool spool() { return spool; }
}
