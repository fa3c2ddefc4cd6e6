package org.vistruct.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Watch lists (布控) and their alerts on a running `vistruct serve`, through its API. */
@Command(name = "watch", description = {"Watch lists on a running server: list, add (a plate, a pattern with * and ?, a vehicle rule or a face photo),",
        "remove ID, import FILE (one plate or pattern per line), alerts (the latest)."})
final class WatchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, add, remove, import or alerts")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ARG", description = "the entry id (remove) or the file (import)")
    String arg;

    @Mixin
    ServerClient.Options serverOptions;

    @Option(names = "--plate", description = "A plate (皖AT022C) or a pattern (浙G*, 皖A?022C).")
    String plate;

    @Option(names = "--face", paramLabel = "PHOTO", description = "Watch the (largest) face of this photo.")
    Path face;

    @Option(names = "--min-similarity", defaultValue = "0.5", description = "For --face (default ${DEFAULT-VALUE}).")
    double minSimilarity;

    @Option(names = "--vehicle-color", description = "Vehicle rule: colour (code, English or Chinese name).")
    String vehicleColor;

    @Option(names = "--plate-color", description = "Vehicle rule: plate colour.")
    String plateColor;

    @Option(names = "--vehicle-class", description = "Vehicle rule: GA/T 16.4 class (K33, H21 …).")
    String vehicleClass;

    @Option(names = "--devices", description = "Vehicle rule: comma-separated device ids.")
    String devices;

    @Option(names = "--time-of-day", description = "Vehicle rule: window such as 22:00-05:00.")
    String timeOfDay;

    @Option(names = "--list", defaultValue = "default", description = "Watch list name (default ${DEFAULT-VALUE}).")
    String list;

    @Option(names = "--priority", defaultValue = "3", description = "1 (most urgent) to 5 (default ${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--reason", description = "Why it is watched.")
    String reason;

    @Option(names = "--valid-from", description = "Start of validity (yyyy-MM-ddTHH:mm:ss).")
    String validFrom;

    @Option(names = "--valid-to", description = "End of validity (yyyy-MM-ddTHH:mm:ss).")
    String validTo;

    @Option(names = "--limit", defaultValue = "50", description = "alerts: how many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        ServerClient client = serverOptions.client();
        return client.send(switch (action) {
            case "list" -> client.request("/api/v1/watchlist" + (list.equals("default") ? "" : "?list=" + ServerClient.enc(list))).GET();
            case "alerts" -> client.request("/api/v1/alerts?limit=" + limit).GET();
            case "remove" -> {
                if (arg == null) throw new IllegalArgumentException("remove needs the entry id (see 'vistruct watch list')");
                yield client.request("/api/v1/watchlist/" + ServerClient.enc(arg)).DELETE();
            }
            case "import" -> {
                if (arg == null) throw new IllegalArgumentException("import needs a file with one plate or pattern per line");
                List<String> plates = Files.readAllLines(Path.of(arg), StandardCharsets.UTF_8).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                Map<String, Object> body = common();
                body.put("plates", plates);
                yield json(client.request("/api/v1/watchlist/import"), body);
            }
            case "add" -> face != null ? faceRequest(client) : json(client.request("/api/v1/watchlist"), entry());
            default -> throw new IllegalArgumentException("action must be list, add, remove, import or alerts, was '" + action + "'");
        });
    }

    private Map<String, Object> common() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("list", list);
        body.put("priority", priority);
        if (reason != null) body.put("reason", reason);
        if (validFrom != null) body.put("validFrom", validFrom);
        if (validTo != null) body.put("validTo", validTo);
        return body;
    }

    private Map<String, Object> entry() {
        Map<String, Object> body = common();
        Map<String, Object> rule = new LinkedHashMap<>();
        if (vehicleColor != null) rule.put("vehicleColor", vehicleColor);
        if (plateColor != null) rule.put("plateColor", plateColor);
        if (vehicleClass != null) rule.put("vehicleClass", vehicleClass);
        if (devices != null) rule.put("devices", devices);
        if (timeOfDay != null) rule.put("timeOfDay", timeOfDay);
        if (plate != null) body.put("plate", plate);
        else if (!rule.isEmpty()) body.put("vehicle", rule);
        else throw new IllegalArgumentException("add needs --plate, --face, or a vehicle rule (--vehicle-color, --vehicle-class, --plate-color, --devices, --time-of-day)");
        return body;
    }

    private static HttpRequest.Builder json(HttpRequest.Builder b, Object body) throws Exception {
        return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }

    private HttpRequest.Builder faceRequest(ServerClient client) throws Exception {
        String boundary = "vistruct" + System.nanoTime();
        Map<String, Object> fields = common();
        fields.put("minSimilarity", minSimilarity);
        var out = new java.io.ByteArrayOutputStream();
        for (var f : fields.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Files.readAllBytes(face));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return client.request("/api/v1/watchlist/faces").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    }
}
