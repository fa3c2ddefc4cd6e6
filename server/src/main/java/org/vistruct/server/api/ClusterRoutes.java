package org.vistruct.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vistruct.cluster.NodeHeartbeat;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/**
 * GET /api/v1/cluster: the nodes sharing the metadata database, each alive or not by its heartbeat, with its
 * jobs, streams and load, and which holds the GB/T 28181 signalling role.
 */
public final class ClusterRoutes {
    private final NodeHeartbeat heartbeat;
    /** The node holding the GB/T 28181 signalling role now, or null (none, or one node alone that does not share). */
    private final java.util.concurrent.Callable<String> signalling;

    public ClusterRoutes(NodeHeartbeat heartbeat, java.util.concurrent.Callable<String> signalling) {
        this.heartbeat = heartbeat;
        this.signalling = signalling;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/api/v1/cluster", Role.VIEWER, false, r -> {
            List<Map<String, Object>> nodes = new ArrayList<>();
            long now = System.currentTimeMillis();
            String signaller = signalling.call();
            for (NodeHeartbeat.NodeState n : heartbeat.nodes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("nodeId", n.nodeId());
                m.put("self", n.self());
                m.put("alive", n.alive());
                m.put("signalling", n.nodeId().equals(signaller));
                m.put("httpUrl", n.httpUrl());
                m.put("started", n.started());
                m.put("heartbeat", n.heartbeat());
                m.put("secondsSinceHeartbeat", Math.max(0, (now - n.heartbeat()) / 1000.0));
                m.put("jobsRunning", n.jobs());
                m.put("streams", n.streams());
                m.put("cpuLoad", n.load());
                nodes.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("self", heartbeat.nodeId());
            out.put("signalling", signaller);
            out.put("nodes", nodes);
            return ApiResponse.json(out);
        }));
    }
}
