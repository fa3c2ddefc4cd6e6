package org.vistruct.server.api;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vistruct.core.GaTime;
import org.vistruct.gb28181.device.Device;
import org.vistruct.gb28181.device.Gb28181Service;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/**
 * The device list: GB/T 28181 devices (with their channels, and asking a device for its catalog
 * again) and the devices GA/T 1400 senders described (APEs, tollgates, lanes, with positions).
 */
public final class DeviceRoutes {
    private final java.util.function.Supplier<Gb28181Service> sip;
    private final java.util.function.Supplier<List<Map<String, Object>>> others;
    private final ZoneId zone;

    /**
     * @param sip    the GB/T 28181 service, or null when it is off (or held by another node of the cluster)
     * @param others the GA/T 1400 senders' devices, as the API shows them
     */
    public DeviceRoutes(java.util.function.Supplier<Gb28181Service> sip, java.util.function.Supplier<List<Map<String, Object>>> others, ZoneId zone) {
        this.sip = sip;
        this.others = others;
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/v1/devices", Role.VIEWER, false, r -> {
                    List<Map<String, Object>> all = new java.util.ArrayList<>();
                    Gb28181Service service = sip.get();
                    if (service != null) service.devices().stream().map(Device::view).sorted(Comparator.comparing(Device.View::id)).map(this::json).forEach(all::add);
                    java.util.Set<String> gb = new java.util.HashSet<>();
                    for (Map<String, Object> d : all) gb.add((String) d.get("id"));
                    for (Map<String, Object> d : others.get()) if (!gb.contains(d.get("id"))) all.add(d);
                    return ApiResponse.json(Map.of("devices", all));
                }),
                new Route("GET", "/api/v1/devices/{id}", Role.VIEWER, false, r -> ApiResponse.json(json(device(r).view()))),
                new Route("GET", "/api/v1/devices/{id}/channels", Role.VIEWER, false, r -> ApiResponse.json(Map.of("channels",
                        device(r).channels().stream().map(c -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", c.id());
                            m.put("name", c.name());
                            m.put("status", c.status());
                            m.put("parentId", c.parentId());
                            m.put("manufacturer", c.manufacturer());
                            m.put("model", c.model());
                            m.put("civilCode", c.civilCode());
                            m.put("address", c.address());
                            if (c.hasPosition()) {
                                m.put("longitude", c.longitude());
                                m.put("latitude", c.latitude());
                            }
                            return m;
                        }).toList()))),
                new Route("POST", "/api/v1/devices/{id}/catalog", Role.INVESTIGATOR, false, this::refresh));
    }

    private Device device(ApiRequest r) {
        Gb28181Service gb = sip.get();
        Device d = gb == null ? null : gb.device(r.pathParam("id"));
        if (d == null) throw ApiException.notFound("no device " + r.pathParam("id"));
        return d;
    }

    private ApiResponse refresh(ApiRequest r) throws Exception {
        Device d = device(r);
        if (d.peer() == null || !d.view().online()) throw new ApiException(409, "device " + d.id() + " is offline");
        try {
            Gb28181Service gb = sip.get();
            if (gb == null) throw new ApiException(409, "this node no longer holds the GB/T 28181 signalling role");
            var answer = gb.query(d, "Catalog").get(35, TimeUnit.SECONDS);
            if (answer.status() >= 300) throw new ApiException(502, "device " + d.id() + " answered the catalog query " + answer.status() + " " + answer.reason());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ApiException(504, "device " + d.id() + " did not answer the catalog query: " + e.getMessage());
        }
        return ApiResponse.json(202, Map.of("device", d.id(), "catalog", "requested; the channels update as the pages arrive"));
    }

    private Map<String, Object> json(Device.View v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("protocol", "GB/T 28181");
        m.put("name", v.name());
        m.put("manufacturer", v.manufacturer());
        m.put("model", v.model());
        m.put("firmware", v.firmware());
        m.put("address", v.address());
        m.put("transport", v.transport());
        m.put("online", v.online());
        m.put("lastKeepalive", v.lastKeepalive() == 0 ? null : GaTime.format(v.lastKeepalive(), zone));
        m.put("registeredSince", v.registeredSince() == 0 ? null : GaTime.format(v.registeredSince(), zone));
        m.put("channels", v.channels());
        return m;
    }
}
