package org.vistruct.server.api;

import java.util.List;
import org.vistruct.core.PictureStore;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.AuditLog;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;
import org.vistruct.core.ObjectKeys;

/** Pictures streamed from the object store; keys are checked before they reach it, every fetch is audited. */
public final class PictureRoutes {
    private final PictureStore pictures;
    private final AuditLog audit;

    public PictureRoutes(PictureStore pictures, AuditLog audit) {
        this.pictures = pictures;
        this.audit = audit;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/api/v1/pictures/{key...}", Role.VIEWER, true, this::picture));
    }

    private ApiResponse picture(ApiRequest r) throws Exception {
        String key;
        try {
            key = ObjectKeys.requireValid(r.pathParam("key"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        byte[] jpeg = pictures.get(key);
        audit.record(r, "picture", key, null, 1);
        String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(jpeg)) + "-" + jpeg.length + "\"";
        if (etag.equals(r.headers().get("If-None-Match"))) return new ApiResponse(304, "image/jpeg", new java.util.LinkedHashMap<>(), new byte[0]).header("ETag", etag);
        // a picture never changes once stored: cache it, but only in the investigator's own browser
        return ApiResponse.bytes("image/jpeg", jpeg).header("Cache-Control", "private, max-age=31536000, immutable").header("ETag", etag);
    }
}
