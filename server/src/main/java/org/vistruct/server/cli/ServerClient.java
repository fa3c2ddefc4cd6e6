package org.vistruct.server.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Commands that act on a running `vistruct serve` through its API: the address, the token, one request, the answer printed. */
final class ServerClient {
    /** The options of such commands (a picocli mixin). */
    static final class Options {
        @picocli.CommandLine.Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "The server (default ${DEFAULT-VALUE}).")
        String server;

        @picocli.CommandLine.Option(names = "--token", description = "API token (default: the VISTRUCT_TOKEN environment variable).")
        String token;

        ServerClient client() { return new ServerClient(server, token); }
    }

    /** For commands that work on the data directory unless a server is named: --server (no default) and --token. */
    static final class OptionalServer {
        @picocli.CommandLine.Option(names = "--server", description = "Ask a running server (e.g. http://127.0.0.1:8080) instead of opening the data directory; needs --token or VISTRUCT_TOKEN.")
        String server;

        @picocli.CommandLine.Option(names = "--token", description = "API token for --server (default: the VISTRUCT_TOKEN environment variable).")
        String token;

        /** The client of the named server, or null when none was named. */
        ServerClient clientOrNull() { return server == null ? null : new ServerClient(server, token); }
    }

    private final String server, token;

    private ServerClient(String server, String token) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token != null ? token : System.getenv("VISTRUCT_TOKEN");
        if (this.token == null) throw new IllegalArgumentException("an API token is needed: --token or VISTRUCT_TOKEN");
    }

    HttpRequest.Builder request(String path) { return HttpRequest.newBuilder(URI.create(server + path)); }

    /** Sends, prints the answer's body; the exit code: 0 for a 2xx, else 1. */
    int send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = call(b);
        System.out.println(r.body());
        return r.statusCode() / 100 == 2 ? 0 : 1;
    }

    /** Sends and returns the answer. */
    HttpResponse<String> call(HttpRequest.Builder b) throws Exception {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("no vistruct server at " + server + " (start it with 'vistruct serve')");
        }
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
