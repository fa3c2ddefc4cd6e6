package org.vistruct.gat1400;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.vistruct.core.GaTime;

/**
 * One ResponseStatusObject: what became of one request or one object of a list (its Id), with
 * the request's URL, the status and a text. Written as the standard shapes it; read tolerantly.
 */
public record ResponseStatus(String id, String requestUrl, ViidStatus status, String statusString, long localTime) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ResponseStatus ok(String id, String requestUrl) {
        return new ResponseStatus(id, requestUrl, ViidStatus.OK, "OK", System.currentTimeMillis());
    }

    public static ResponseStatus of(String id, String requestUrl, ViidStatus status, String text) {
        return new ResponseStatus(id, requestUrl, status, text, System.currentTimeMillis());
    }

    public boolean isOk() { return status == ViidStatus.OK; }

    ObjectNode node(ZoneId zone) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Id", id == null ? "" : id);
        n.put("RequestURL", requestUrl);
        n.put("StatusCode", status.code());
        n.put("StatusString", statusString == null ? status.text() : statusString);
        n.put("LocalTime", GaTime.format(localTime, zone));
        return n;
    }

    /** {"ResponseStatusObject":{…}}: the answer to a request about one thing. */
    public ObjectNode single(ZoneId zone) {
        ObjectNode root = JSON.createObjectNode();
        root.set("ResponseStatusObject", node(zone));
        return root;
    }

    /** {"ResponseStatusListObject":{"ResponseStatusObject":[…]}}: the answer to a list, one status per object. */
    public static ObjectNode list(List<ResponseStatus> statuses, ZoneId zone) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode a = root.putObject("ResponseStatusListObject").putArray("ResponseStatusObject");
        for (ResponseStatus s : statuses) a.add(s.node(zone));
        return root;
    }

    /**
     * The statuses in an answer, whichever shape the peer chose: a list object, a single
     * ResponseStatusObject where a list is expected, an array where one object is expected, and
     * StatusCode as a number or a string. Empty when the body holds none.
     */
    public static List<ResponseStatus> read(JsonNode root, ZoneId zone) {
        List<ResponseStatus> out = new ArrayList<>();
        if (root == null || !root.isObject()) return out;
        JsonNode holder = ViidJson.field(root, "ResponseStatusListObject");
        JsonNode objects = holder != null ? ViidJson.field(holder, "ResponseStatusObject") : ViidJson.field(root, "ResponseStatusObject");
        for (JsonNode n : ViidJson.elements(objects)) {
            if (!n.isObject()) continue;
            String code = ViidJson.text(n, "StatusCode");
            int c;
            try {
                c = code == null ? ViidStatus.OTHER_ERROR.code() : Integer.parseInt(code.trim());
            } catch (NumberFormatException e) {
                c = ViidStatus.OTHER_ERROR.code();
            }
            long t;
            try {
                String lt = ViidJson.text(n, "LocalTime");
                t = lt == null ? 0 : ViidTime.parse(lt, zone);
            } catch (IllegalArgumentException e) {
                t = 0;
            }
            out.add(new ResponseStatus(ViidJson.text(n, "Id"), ViidJson.text(n, "RequestURL"), ViidStatus.of(c), ViidJson.text(n, "StatusString"), t));
        }
        return out;
    }
}
