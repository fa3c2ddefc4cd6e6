package org.vistruct.gat1400.subscribe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vistruct.core.GaTime;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.objects.ObjectKind;
import org.vistruct.gat1400.objects.ObjectWriter;

/** Builds SubscribeNotifications bodies: one SubscribeNotificationObject per batch, its objects under the standard's list members. */
public final class Notifications {
    private final ObjectWriter objects;
    private final ZoneId zone;
    private final String ourId;

    public Notifications(ObjectWriter objects, ZoneId zone, String ourId) {
        this.objects = objects;
        this.zone = zone;
        this.ourId = ourId;
    }

    /**
     * @param notificationId the same for the same batch sent again, so a receiver can tell a repeat
     */
    public ObjectNode records(String notificationId, String subscribeId, String title, List<StructuredRecord> batch, Set<String> imageTypes,
                              boolean withFeature) throws IOException {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ObjectNode n = root.putObject("SubscribeNotificationListObject").putArray("SubscribeNotificationObject").addObject();
        n.put("NotificationID", notificationId);
        n.put("SubscribeID", subscribeId);
        n.put("Title", title == null ? subscribeId : title);
        n.put("TriggerTime", GaTime.format(System.currentTimeMillis(), zone));
        List<String> ids = new ArrayList<>(batch.size());
        Map<ObjectKind, ArrayNode> lists = new EnumMap<>(ObjectKind.class);
        for (StructuredRecord r : batch) {
            ObjectKind k = ObjectKind.of(r.type());
            lists.computeIfAbsent(k, kk -> n.putObject(kk.notificationList()).putArray(kk.objectName())).add(objects.object(r, imageTypes, withFeature));
            ids.add(r.id());
        }
        n.put("InfoIDs", String.join(",", ids));
        return root;
    }

    /** A directory or status notification: the given member (DeviceList, TollgateObjectList, DeviceStatusList) holding the objects. */
    public ObjectNode directory(String notificationId, String subscribeId, String title, String member, String objectName, List<ObjectNode> items) {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ObjectNode n = root.putObject("SubscribeNotificationListObject").putArray("SubscribeNotificationObject").addObject();
        n.put("NotificationID", notificationId);
        n.put("SubscribeID", subscribeId);
        n.put("Title", title == null ? subscribeId : title);
        n.put("TriggerTime", GaTime.format(System.currentTimeMillis(), zone));
        n.putObject(member).putArray(objectName).addAll(items);
        return root;
    }

    /** A NotificationID: this platform's id and a number that is the same when the same batch is sent again. */
    public String id(long position) { return ourId + String.format("%019d", position); }
}
