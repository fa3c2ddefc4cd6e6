package org.vistruct.server.api;

import java.util.List;
import java.util.Map;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;
import org.vistruct.server.live.LiveChannels;

/** Live analysis of GB/T 28181 channels: start, stop, and each stream's state and counters. */
public final class StreamRoutes {
    private final LiveChannels live;
    /** The SIP service, or null while another node of the cluster holds the signalling role. */
    private final java.util.function.Supplier<org.vistruct.gb28181.device.Gb28181Service> sip;
    private final java.time.ZoneId zone;

    public StreamRoutes(LiveChannels live, java.util.function.Supplier<org.vistruct.gb28181.device.Gb28181Service> sip, java.time.ZoneId zone) {
        this.live = live;
        this.sip = sip;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/streams", Role.VIEWER, false, r -> ApiResponse.json(Map.of("streams", live.views()))),
                new Route("POST", "/api/v1/devices/{id}/channels/{channel}/live", Role.INVESTIGATOR, false, this::start),
                new Route("GET", "/api/v1/devices/{id}/channels/{channel}/records", Role.VIEWER, false, this::recordings),
                new Route("POST", "/api/v1/devices/{id}/channels/{channel}/playback", Role.INVESTIGATOR, false, this::playback),
                new Route("DELETE", "/api/v1/devices/{id}/channels/{channel}/live", Role.INVESTIGATOR, false, r -> {
                    if (!live.stop(r.pathParam("id"), r.pathParam("channel"))) throw ApiException.notFound("no live stream of " + r.pathParam("channel"));
                    return ApiResponse.json(Map.of("stopped", r.pathParam("channel")));
                }));
    }

    /** The device's recordings of a channel in [from, to) (required, in the server's zone). */
    private ApiResponse recordings(ApiRequest r) throws Exception {
        var gb = sip.get();
        if (gb == null) throw new ApiException(409, "this node does not hold the GB/T 28181 signalling role: ask the node that does (GET /api/v1/cluster)");
        var d = gb.device(r.pathParam("id"));
        if (d == null) throw ApiException.notFound("no device " + r.pathParam("id"));
        long[] range = range(r);
        var fmt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
        String from = fmt.format(java.time.Instant.ofEpochSecond(range[0]).atZone(zone)), to = fmt.format(java.time.Instant.ofEpochSecond(range[1]).atZone(zone));
        try {
            var files = gb.recordInfo(d, r.pathParam("channel"), from, to).get(40, java.util.concurrent.TimeUnit.SECONDS);
            return ApiResponse.json(Map.of("records", files));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ApiException(502, "device " + d.id() + ": " + e.getCause().getMessage());
        }
    }

    private ApiResponse playback(ApiRequest r) {
        long[] range = range(r);
        String transport = r.param("transport") == null ? "UDP" : r.param("transport").toUpperCase();
        try {
            return ApiResponse.json(202, live.playback(r.pathParam("id"), r.pathParam("channel"), transport, range[0], range[1]));
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage() + ": ask the node that does (GET /api/v1/cluster)");
        }
    }

    private long[] range(ApiRequest r) {
        if (r.param("from") == null || r.param("to") == null) throw ApiException.badRequest("from and to are required");
        long from = org.vistruct.core.GaTime.parse(r.param("from"), zone) / 1000, to = org.vistruct.core.GaTime.parse(r.param("to"), zone) / 1000;
        if (to <= from) throw ApiException.badRequest("the range ends before it starts");
        return new long[] {from, to};
    }

    private ApiResponse start(ApiRequest r) {
        String transport = r.param("transport") == null ? "UDP" : r.param("transport").toUpperCase();
        boolean continuous = !"false".equalsIgnoreCase(r.param("continuous"));
        return ApiResponse.json(202, live.start(r.pathParam("id"), r.pathParam("channel"), transport, continuous));
    }
}
