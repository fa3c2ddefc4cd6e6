package org.vistruct.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the cluster tests check on records and nodes as the API shows them. */
final class ClusterRecords {
    private ClusterRecords() {}

    /** Nodes the cluster API shows alive (or dead). */
    static long nodes(JsonNode cluster, boolean alive) {
        long n = 0;
        for (JsonNode x : cluster.path("nodes")) if (x.path("alive").asBoolean() == alive) n++;
        return n;
    }

    /** Notes a record from a node's record stream (acknowledged: durable), by its id. */
    static void note(Map<String, JsonNode> seen, JsonNode r) {
        Stream.of("MotorVehicleID", "FaceID", "PersonID").filter(r::has).map(f -> r.get(f).asText()).findFirst().ifPresent(id -> seen.put(id, r));
    }

    /** Pairs of records of one camera with the same plate whose times overlap: a vehicle written twice (each printed). */
    static int writtenTwice(List<JsonNode> all) {
        int twice = 0;
        for (int i = 0; i < all.size(); i++) {
            for (int k = i + 1; k < all.size(); k++) {
                JsonNode x = all.get(i), y = all.get(k);
                if (!x.path("DeviceID").asText().equals(y.path("DeviceID").asText()) || !x.has("PlateNo") || x.path("PlateNo").asText().equals("无车牌")
                        || !x.path("PlateNo").asText().equals(y.path("PlateNo").asText())) continue;
                if (x.path("AppearTime").asText().compareTo(y.path("DisappearTime").asText()) <= 0
                        && y.path("AppearTime").asText().compareTo(x.path("DisappearTime").asText()) <= 0) {
                    twice++;
                    System.out.println("TWICE: " + x + " / " + y);
                }
            }
        }
        return twice;
    }
}
