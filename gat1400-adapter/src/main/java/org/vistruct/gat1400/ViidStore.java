package org.vistruct.gat1400;

import java.io.IOException;
import java.util.List;

/**
 * What the GA/T 1400 side keeps across restarts (the metadata database): subscriptions others made
 * here, the read positions of everything that sends from the record feed (subscriptions, upper
 * platforms), and the notifications received from lower platforms.
 */
public interface ViidStore {
    /** A subscription as stored: the SubscribeObject as received (JSON), who made it, and whether it is active. */
    record SubscriptionRow(String id, String subscriber, String state, long created, long updated, String body) {}

    /** Where a reader of the record feed is, and the digest of the last directory it sent (or null). */
    record Cursor(String name, long position, String digest, long updated) {}

    /** A notification received (SubscribeNotifications, DispositionNotifications). */
    record Notice(String kind, String id, String refId, String sender, long received, int objects, String body) {}

    void saveSubscription(SubscriptionRow row) throws IOException;

    List<SubscriptionRow> subscriptions() throws IOException;

    Cursor cursor(String name) throws IOException;

    void saveCursor(String name, long position, String digest) throws IOException;

    void deleteCursor(String name) throws IOException;

    /**
     * Whether this node may run the lane with this name now: several nodes on one store run each lane
     * (a subscription's notifications, an upper platform's push) on one node at a time. A node that
     * takes a lane over starts from the lane's stored cursor. One node alone: always.
     */
    default boolean holdLane(String name) throws IOException { return true; }

    /** Keeps a notification; one with the same kind and id is kept once. */
    void notice(Notice n) throws IOException;

    /** The newest notifications of a kind, optionally of one subscription or disposition (refId). */
    List<Notice> notices(String kind, String refId, int limit) throws IOException;
}
