package org.vistruct.server.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Live analysis of GB/T 28181 channels on a running `vistruct serve`, through its API. */
@Command(name = "live", description = "Start, stop or list live analysis of GB/T 28181 channels on a running server.")
final class LiveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop or list")
    String action;

    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "The server (default ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--token", description = "API token (default: the VISTRUCT_TOKEN environment variable).")
    String token;

    @Option(names = "--device", description = "Device id (start, stop).")
    String device;

    @Option(names = "--channel", description = "Channel id (start, stop).")
    String channel;

    @Option(names = "--transport", defaultValue = "UDP", description = "UDP, TCP_PASSIVE or TCP_ACTIVE (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--once", description = "Do not re-invite when the stream drops.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        String t = token != null ? token : System.getenv("VISTRUCT_TOKEN");
        if (t == null) throw new IllegalArgumentException("an API token is needed: --token or VISTRUCT_TOKEN");
        HttpRequest.Builder b;
        switch (action) {
            case "list" -> b = HttpRequest.newBuilder(URI.create(server + "/api/v1/streams")).GET();
            case "start", "stop" -> {
                if (device == null || channel == null) throw new IllegalArgumentException(action + " needs --device and --channel");
                String path = server + "/api/v1/devices/" + enc(device) + "/channels/" + enc(channel) + "/live";
                b = action.equals("start")
                        ? HttpRequest.newBuilder(URI.create(path + "?transport=" + enc(transport) + "&continuous=" + !once)).POST(HttpRequest.BodyPublishers.noBody())
                        : HttpRequest.newBuilder(URI.create(path)).DELETE();
            }
            default -> throw new IllegalArgumentException("action must be start, stop or list, was '" + action + "'");
        }
        HttpResponse<String> r;
        try {
            r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(b.header("Authorization", "Bearer " + t).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("no vistruct server at " + server + " (start it with 'vistruct serve')");
        }
        System.out.println(r.body());
        return r.statusCode() / 100 == 2 ? 0 : 1;
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
