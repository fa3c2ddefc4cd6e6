package org.vistruct.server.cli;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Device positions on a running server: list, set one, or import a CSV of id,name,longitude,latitude. */
@Command(name = "places", description = "Device positions on a running server: list, set DEVICE --lon X --lat Y [--name N], import FILE.csv.")
final class PlacesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, set or import") String action;
    @Parameters(index = "1", arity = "0..1", paramLabel = "ARG", description = "set: the device id; import: the CSV file") String arg;
    @Mixin ServerClient.Options serverOptions;
    @Option(names = "--lon", description = "set: longitude, degrees") Double lon;
    @Option(names = "--lat", description = "set: latitude, degrees") Double lat;
    @Option(names = "--name", description = "set: the place's name") String name;

    @Override
    public Integer call() throws Exception {
        ServerClient client = serverOptions.client();
        return switch (action) {
            case "list" -> client.send(client.request("/api/v1/places").GET());
            case "set" -> {
                if (arg == null || lon == null || lat == null) throw new IllegalArgumentException("set needs DEVICE, --lon and --lat");
                var body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("longitude", lon).put("latitude", lat);
                if (name != null) body.put("name", name);
                yield client.send(client.request("/api/v1/places/" + ServerClient.enc(arg)).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
            }
            case "import" -> {
                if (arg == null || !Files.isReadable(Path.of(arg))) throw new IllegalArgumentException("import needs a readable CSV file (id,name,longitude,latitude)");
                yield client.send(client.request("/api/v1/places/import").header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(Path.of(arg)))));
            }
            default -> throw new IllegalArgumentException("action must be list, set or import, was '" + action + "'");
        };
    }
}
