package org.vistruct.server;

import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.analyzer.VehiclePass;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.PictureStore;
import org.vistruct.core.PlateClass;
import org.vistruct.core.RecordIds;
import org.vistruct.index.RecordIndex;
import org.vistruct.storage.ObjectKeys;

/**
 * Where vehicle passes become records: pictures are stored first, then the record is indexed, so
 * a record is never searchable without its pictures. When the store stays away after its retries,
 * the record and pictures go to the spool instead of being lost. The index is committed at least
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
    private long lastCommit = System.currentTimeMillis();
    private final AtomicLong written = new AtomicLong(), spooled = new AtomicLong();

    public RecordSink(PictureStore pictures, RecordIndex index, RecordSpool spool, ZoneId zone, long commitIntervalMs) {
        this.pictures = pictures;
        this.index = index;
        this.spool = spool;
        this.ids = new RecordIds(zone);
        this.zone = zone;
        this.commitIntervalMs = commitIntervalMs;
    }

    /** Writes one pass as a MotorVehicle record of the device; returns the record. */
    public MotorVehicle write(VehiclePass p, String deviceId, String sourceFile) throws IOException {
        String id = ids.next(deviceId, p.passTime(), RecordIds.TYPE_MOTOR_VEHICLE);
        String plateNo = p.plate() == null ? MotorVehicle.NO_PLATE : p.plate().text();
        Map<String, byte[]> jpegs = new LinkedHashMap<>();
        String closeUp = key(jpegs, deviceId, p, id, "vehicle", p.closeUpJpeg());
        String plate = key(jpegs, deviceId, p, id, "plate", p.plateJpeg());
        String scene = key(jpegs, deviceId, p, id, "scene", p.sceneJpeg());
        MotorVehicle record = new MotorVehicle(id, deviceId, p.passTime(), p.appearTime(), p.disappearTime(), plateNo,
                p.plateColor(), p.plate() == null ? null : PlateClass.of(plateNo, p.plateColor()),
                p.plate() == null ? 0 : p.plate().reliability(), p.vehicleClass(), p.vehicleClassConfidence(),
                p.vehicleColor(), p.vehicleColorConfidence(), p.box(), closeUp, plate, scene, sourceFile, p.offsetMs());
        try {
            for (var e : jpegs.entrySet()) pictures.put(e.getKey(), e.getValue());
        } catch (IOException e) {
            spool.keep(record, jpegs);
            spooled.incrementAndGet();
            log.error("record {} of device {} spooled to disk: {}", id, deviceId, e.getMessage());
            return record;
        }
        index.add(record);
        written.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastCommit >= commitIntervalMs) {
            index.commit();
            lastCommit = now;
        }
        return record;
    }

    private String key(Map<String, byte[]> jpegs, String deviceId, VehiclePass p, String id, String kind, byte[] jpeg) {
        if (jpeg == null) return null;
        String key = ObjectKeys.of(deviceId, p.passTime(), id, kind, zone);
        jpegs.put(key, jpeg);
        return key;
    }

    public void commit() throws IOException {
        index.commit();
        lastCommit = System.currentTimeMillis();
    }

    public long written() { return written.get(); }

    public long spooled() { return spooled.get(); }
}
