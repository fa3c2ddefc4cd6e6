package org.vistruct.retention;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.PictureStore;
import org.vistruct.core.StructuredRecord;
import org.vistruct.index.RecordStore;
import org.vistruct.metadata.HoldTable;

/**
 * Records held as evidence: a hold keeps a record and its pictures from retention until released,
 * and, where the object store supports object lock (MinIO does), puts its pictures under an S3
 * legal hold so the store itself refuses to delete them. A legal hold is lifted only when the
 * record's last open hold is released.
 */
public final class EvidenceHolds {
    private static final Logger log = LoggerFactory.getLogger(EvidenceHolds.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final HoldTable holds;
    private final RecordStore index;
    private final PictureStore pictures;

    public EvidenceHolds(HoldTable holds, RecordStore index, PictureStore pictures) {
        this.holds = holds;
        this.index = index;
        this.pictures = pictures;
    }

    /**
     * Holds a record by hand or for a case.
     *
     * @throws IllegalArgumentException when there is no such record, or the reason is missing
     */
    public HoldTable.Hold place(String recordId, HoldTable.Source source, String caseId, String reason, String by) throws IOException {
        if (reason == null || reason.isBlank() || reason.length() > 500) throw new IllegalArgumentException("a hold needs a reason (1-500 characters)");
        if (caseId != null && !caseId.matches("[\\p{L}\\p{N}_.:/-]{1,64}")) throw new IllegalArgumentException("case id: 1-64 letters, digits, _ . : / -");
        StructuredRecord r = index.get(recordId);
        if (r == null) throw new IllegalArgumentException("no record " + recordId);
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        HoldTable.Hold h = new HoldTable.Hold("H" + HexFormat.of().formatHex(b), r.id(), r.type().name(), r.deviceId(), r.time(), source, caseId, reason.trim(), by,
                System.currentTimeMillis(), null, null, null);
        holds.place(h);
        lock(r, true);
        return h;
    }

    /** Releases one hold; the record expires at the next retention run once no hold is left. False when no such open hold. */
    public boolean release(String holdId, String by, String reason) throws IOException {
        HoldTable.Hold h = holds.get(holdId);
        if (h == null || !h.open()) return false;
        if (!holds.release(holdId, by, System.currentTimeMillis(), reason)) return false;
        if (holds.ofRecord(h.recordId()).stream().noneMatch(HoldTable.Hold::open)) {
            StructuredRecord r = index.get(h.recordId());
            if (r != null) lock(r, false);
        }
        return true;
    }

    /** Puts a freshly held record's pictures under legal hold (alerts hold their records in their own transaction, then call this). */
    public void held(StructuredRecord r) {
        try {
            lock(r, true);
        } catch (IOException e) {
            log.warn("{} {}: legal hold on its pictures not set ({}); the next retention run sets it", r.type(), r.id(), e.getMessage());
        }
    }

    /** Sets legal holds that failed before, for every open hold (a retention run calls this when the store supports them). */
    public int reconcile() throws IOException {
        if (!pictures.supportsLegalHold()) return 0;
        int set = 0;
        for (String id : holds.heldRecordIds(null)) {
            StructuredRecord r = index.get(id);
            if (r == null) continue;
            for (String k : r.pictureKeys()) {
                if (!pictures.isLegallyHeld(k)) {
                    pictures.legalHold(k, true);
                    set++;
                }
            }
        }
        return set;
    }

    private void lock(StructuredRecord r, boolean on) throws IOException {
        if (!pictures.supportsLegalHold()) return;
        for (String k : r.pictureKeys()) pictures.legalHold(k, on);
    }

    public List<HoldTable.Hold> ofRecord(String recordId) throws IOException { return holds.ofRecord(recordId); }

    public boolean legalHoldsSupported() { return pictures.supportsLegalHold(); }
}
