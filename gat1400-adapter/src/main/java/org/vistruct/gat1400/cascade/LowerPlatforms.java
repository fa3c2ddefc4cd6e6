package org.vistruct.gat1400.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.vistruct.gat1400.ViidJson;
import org.vistruct.gat1400.client.ViidClient;

/**
 * Lower platforms this one subscribes to and gives dispositions to (as an upper 视图库): their
 * addresses by id, and the requests sent to them with this platform's User-Identify. The lower
 * platform takes them because it is registered here (it knows us as its upper platform).
 */
public final class LowerPlatforms {
    private final Map<String, String> addresses;
    private final ViidClient client;

    /** @param addresses lower platform id → http://host:port */
    public LowerPlatforms(Map<String, String> addresses, ViidClient client) {
        for (var e : addresses.entrySet()) {
            if (!e.getValue().matches("https?://[^/\\s]+")) throw new IllegalArgumentException("gat1400.lowers: " + e.getKey() + " must be id=http://host:port");
        }
        this.addresses = Map.copyOf(addresses);
        this.client = client;
    }

    public Map<String, String> addresses() { return addresses; }

    /** Sends SubscribeObjects (POST /VIID/Subscribes) to a lower platform; its answer. */
    public ViidClient.Reply subscribe(String lowerId, JsonNode subscribeObject) throws InterruptedException {
        return client.post(address(lowerId) + "/VIID/Subscribes", wrap("SubscribeListObject", "SubscribeObject", subscribeObject));
    }

    public ViidClient.Reply unsubscribe(String lowerId, String subscribeId) throws InterruptedException {
        return client.send("DELETE", address(lowerId) + "/VIID/Subscribes?IDList=" + subscribeId, null, null);
    }

    /** Sends DispositionObjects (POST /VIID/Dispositions) to a lower platform; its answer. */
    public ViidClient.Reply dispose(String lowerId, JsonNode dispositionObject) throws InterruptedException {
        return client.post(address(lowerId) + "/VIID/Dispositions", wrap("DispositionListObject", "DispositionObject", dispositionObject));
    }

    public ViidClient.Reply cancelDisposition(String lowerId, String dispositionId) throws InterruptedException {
        return client.send("DELETE", address(lowerId) + "/VIID/Dispositions?IDList=" + dispositionId, null, null);
    }

    private String address(String lowerId) {
        String a = addresses.get(lowerId);
        if (a == null) throw new IllegalArgumentException("no lower platform " + lowerId + " in gat1400.lowers");
        return a;
    }

    private static JsonNode wrap(String list, String object, JsonNode o) {
        ObjectNode root = ViidJson.mapper().createObjectNode();
        ArrayNode a = root.putObject(list).putArray(object);
        if (o.isArray()) a.addAll((ArrayNode) o);
        else a.add(o);
        return root;
    }
}
