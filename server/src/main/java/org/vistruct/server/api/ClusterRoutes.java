package org.vistruct.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.cluster.NodeHeartbeat;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/** GET /api/v1/cluster: the nodes sharing the metadata database, each alive or not by its heartbeat, with its jobs, streams and load. */
public final class ClusterRoutes {
    private final NodeHeartbeat heartbeat;

    public ClusterRoutes(NodeHeartbeat heartbeat) { this.heartbeat = heartbeat; }

    public List<Route> routes() {
        return List.of(new Route("GET", "/api/v1/cluster", Role.VIEWER, false, r -> {
            List<Map<String, Object>> nodes = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (NodeHeartbeat.NodeState n : heartbeat.nodes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("nodeId", n.nodeId());
                m.put("self", n.self());
                m.put("alive", n.alive());
                m.put("httpUrl", n.httpUrl());
                m.put("started", n.started());
                m.put("heartbeat", n.heartbeat());
                m.put("secondsSinceHeartbeat", Math.max(0, (now - n.heartbeat()) / 1000.0));
                m.put("jobsRunning", n.jobs());
                m.put("streams", n.streams());
                m.put("cpuLoad", n.load());
                nodes.add(m);
            }
            return ApiResponse.json(Map.of("self", heartbeat.nodeId(), "nodes", nodes));
        }));
    }
}
