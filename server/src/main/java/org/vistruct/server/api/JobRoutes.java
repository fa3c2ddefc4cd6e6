package org.vistruct.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.vistruct.core.GaTime;
import org.vistruct.server.JobQueue;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;
import org.vistruct.server.http.ApiResponse;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.Route;

/**
 * Analysis jobs: from an upload (the body is the file; name, deviceId and start as query
 * parameters) or from a path on the server (JSON), which must lie under a configured root.
 */
public final class JobRoutes {
    private final JobQueue jobs;
    private final Path uploads;
    private final List<Path> pathRoots;
    private final ZoneId zone;
    private final boolean keepUploads;

    /** @param keepUploads keep uploaded videos (records' SourceFile then stays valid) instead of deleting them after the job */
    private final org.vistruct.server.DiskGuard disk;

    public JobRoutes(JobQueue jobs, Path uploads, List<Path> pathRoots, ZoneId zone, boolean keepUploads, org.vistruct.server.DiskGuard disk) {
        this.disk = disk;
        this.keepUploads = keepUploads;
        this.jobs = jobs;
        this.uploads = uploads;
        this.pathRoots = pathRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.zone = zone;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/api/v1/jobs", Role.INVESTIGATOR, false, this::create),
                new Route("GET", "/api/v1/jobs", Role.VIEWER, false, r -> ApiResponse.json(Map.of("jobs", jobs.list(r.intParam("limit", 200, 1, 1000))))),
                new Route("GET", "/api/v1/jobs/{id}", Role.VIEWER, false, r -> ApiResponse.json(job(r))),
                new Route("DELETE", "/api/v1/jobs/{id}", Role.INVESTIGATOR, false, r -> {
                    job(r);
                    jobs.cancel(r.pathParam("id"));
                    return ApiResponse.json(job(r));
                }));
    }

    /** The roots as they really are on disk (a root may itself be reached through a link). */
    private List<Path> realRoots() {
        return pathRoots.stream().map(r -> {
            try {
                return r.toRealPath();
            } catch (java.io.IOException missing) {
                return r;
            }
        }).toList();
    }

    private Map<String, Object> job(ApiRequest r) throws java.io.IOException {
        Map<String, Object> j = jobs.view(r.pathParam("id"));
        if (j == null) throw ApiException.notFound("no job " + r.pathParam("id"));
        return j;
    }

    private ApiResponse create(ApiRequest r) throws Exception {
        disk.requireSpace("a new job");
        String deviceId, name, start;
        List<String> inputs;
        Path cleanup = null;
        if (r.bodyFile() != null) {
            name = r.param("name");
            if (name == null || !name.matches("[\\p{L}\\p{N} ._()-]{1,128}") || name.startsWith(".")) {
                throw ApiException.badRequest("name must be the uploaded file's name (letters, digits, spaces, . _ - ( ))");
            }
            if (Files.size(r.bodyFile()) == 0) throw ApiException.badRequest("the upload is empty");
            deviceId = r.param("deviceId");
            start = r.param("start");
            Path folder = Files.createTempDirectory(Files.createDirectories(uploads), "job-");
            if (!keepUploads) cleanup = folder;
            Path target = folder.resolve(name);
            Files.move(r.bodyFile(), target, StandardCopyOption.REPLACE_EXISTING);
            inputs = List.of(target.toString());
        } else {
            JsonNode body = r.jsonObject("{\"path\": …, \"deviceId\": …}");
            if (!body.path("path").isTextual()) throw ApiException.badRequest("expected {\"path\": …, \"deviceId\": …}");
            Path p;
            try {
                p = Path.of(body.get("path").asText()).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw ApiException.badRequest("not a path: " + e.getMessage());
            }
            if (pathRoots.stream().noneMatch(p::startsWith)) {
                throw new ApiException(403, "server paths must lie under jobs.path-roots " + pathRoots);
            }
            if (!Files.exists(p)) throw ApiException.badRequest(p + ": no such file or folder on the server");
            // where the path really leads, symbolic links followed: a link inside a root must not reach outside it
            Path real = p.toRealPath();
            if (realRoots().stream().noneMatch(real::startsWith)) {
                throw new ApiException(403, p + " leads outside jobs.path-roots " + pathRoots + " (to " + real + ")");
            }
            if (Files.isDirectory(real)) {
                try (var walk = Files.walk(real)) {
                    Path escaping = walk.filter(Files::isSymbolicLink).filter(l -> {
                        try {
                            Path to = l.toRealPath();
                            return realRoots().stream().noneMatch(to::startsWith);
                        } catch (java.io.IOException broken) {
                            return false;
                        }
                    }).findFirst().orElse(null);
                    if (escaping != null) throw new ApiException(403, escaping + " inside " + p + " leads outside jobs.path-roots " + pathRoots);
                }
            }
            name = p.getFileName().toString();
            deviceId = body.path("deviceId").asText(null);
            start = body.path("start").asText(null);
            inputs = List.of(p.toString());
        }
        if (deviceId == null || !deviceId.matches("[0-9A-Za-z_-]{1,64}")) throw ApiException.badRequest("deviceId must be 1-64 letters, digits, '-' or '_'");
        Long startMs = start == null ? null : GaTime.parse(start, zone);
        try {
            return ApiResponse.json(201, jobs.submit(name, inputs, deviceId, startMs, cleanup).view());
        } catch (IllegalStateException full) {
            throw new ApiException(503, full.getMessage());
        }
    }
}
