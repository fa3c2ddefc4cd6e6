package org.vistruct.server.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One match of a record against a watch entry (GA/T 1400 DispositionNotification: NotificationID,
 * DispositionID, TriggerTime, the object and its pictures). Small on purpose: the record itself
 * stays in the index and is joined when alerts are listed.
 *
 * @param id       stable over retries and restarts (derived from record and entry), so receivers can de-duplicate
 * @param watched  what the entry watches, in words
 * @param plateNo  the plate read, for vehicle records (null otherwise)
 * @param pictures object keys of the record's pictures
 */
public record Alert(String id, long triggerTime, String entryId, String list, WatchEntry.Kind kind, String watched, int priority,
                    String reason, String recordId, String recordType, String deviceId, long recordTime, String plateNo,
                    float similarity, List<String> pictures) {

    public static String idOf(String recordId, String entryId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((recordId + "|" + entryId).getBytes(StandardCharsets.UTF_8));
            return "AL" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
