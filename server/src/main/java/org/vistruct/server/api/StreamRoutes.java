package org.vistruct.server.api;

import java.util.List;
import java.util.Map;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;
import org.vistruct.server.live.LiveStreams;

/** Live analysis of GB/T 28181 channels: start, stop, and each stream's state and counters. */
public final class StreamRoutes {
    private final LiveStreams live;

    public StreamRoutes(LiveStreams live) { this.live = live; }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/streams", Role.VIEWER, false, r -> ApiResponse.json(Map.of("streams", live.views()))),
                new Route("POST", "/api/v1/devices/{id}/channels/{channel}/live", Role.INVESTIGATOR, false, this::start),
                new Route("DELETE", "/api/v1/devices/{id}/channels/{channel}/live", Role.INVESTIGATOR, false, r -> {
                    if (!live.stop(r.pathParam("id"), r.pathParam("channel"))) throw ApiException.notFound("no live stream of " + r.pathParam("channel"));
                    return ApiResponse.json(Map.of("stopped", r.pathParam("channel")));
                }));
    }

    private ApiResponse start(ApiRequest r) {
        String transport = r.param("transport") == null ? "UDP" : r.param("transport").toUpperCase();
        boolean continuous = !"false".equalsIgnoreCase(r.param("continuous"));
        return ApiResponse.json(202, live.start(r.pathParam("id"), r.pathParam("channel"), transport, continuous).view());
    }
}
