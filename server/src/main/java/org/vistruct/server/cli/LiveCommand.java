package org.vistruct.server.cli;

import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Live analysis of GB/T 28181 channels on a running `vistruct serve`, through its API. */
@Command(name = "live", description = "Start, stop or list live analysis of GB/T 28181 channels on a running server.")
final class LiveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop or list")
    String action;

    @Mixin
    ServerClient.Options serverOptions;

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
        ServerClient client = serverOptions.client();
        HttpRequest.Builder b;
        switch (action) {
            case "list" -> b = client.request("/api/v1/streams").GET();
            case "start", "stop" -> {
                if (device == null || channel == null) throw new IllegalArgumentException(action + " needs --device and --channel");
                String path = "/api/v1/devices/" + ServerClient.enc(device) + "/channels/" + ServerClient.enc(channel) + "/live";
                b = action.equals("start")
                        ? client.request(path + "?transport=" + ServerClient.enc(transport) + "&continuous=" + !once).POST(HttpRequest.BodyPublishers.noBody())
                        : client.request(path).DELETE();
            }
            default -> throw new IllegalArgumentException("action must be start, stop or list, was '" + action + "'");
        }
        return client.send(b);
    }
}
