package org.vistruct.gat1400.disposition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import org.vistruct.core.GaTime;
import org.vistruct.core.StructuredRecord;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.objects.ObjectKind;
import org.vistruct.gat1400.objects.ObjectWriter;

/** The DispositionNotifications body of one hit: which disposition, when, and the object that hit it with its pictures. */
public final class DispositionNotices {
    private DispositionNotices() {}

    public static ObjectNode body(String notificationId, String dispositionId, String title, long triggerTime, StructuredRecord record, ObjectWriter writer,
                                  ZoneId zone) throws IOException {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ObjectNode n = root.putObject("DispositionNotificationListObject").putArray("DispositionNotificationObject").addObject();
        n.put("NotificationID", notificationId);
        n.put("DispositionID", dispositionId);
        n.put("Title", title == null ? dispositionId : title);
        n.put("TriggerTime", GaTime.format(triggerTime, zone));
        n.put("CntObjectID", record.id());
        n.set(ObjectKind.of(record.type()).objectName(), writer.object(record, null, false));
        return root;
    }
}
