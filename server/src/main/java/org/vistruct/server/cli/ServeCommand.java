package org.vistruct.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.VistructServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", description = "Run the server: HTTP API and web UI, analysis jobs, on the data directory.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    VistructCommand top;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: http.port, 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: http.bind, 0.0.0.0).")
    String bind;

    @Override
    public Integer call() throws Exception {
        VistructConfig config = top.loadConfig();
        CountDownLatch stop = new CountDownLatch(1);
        VistructServer server = new VistructServer(top.data, config, bind != null ? bind : config.get("http.bind"),
                port != null ? port : config.getInt("http.port"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // the process is ending
            }
            stop.countDown();
        }));
        String shown = bind != null ? bind : config.get("http.bind");
        System.out.println("vistruct listening on http://" + (shown.equals("0.0.0.0") ? "127.0.0.1" : shown) + ":" + server.port() + "/");
        if (server.sipPort() > 0) System.out.println("GB/T 28181 devices: SIP on UDP and TCP port " + server.sipPort());
        if (server.firstAdminToken() != null) {
            System.out.println("first start: admin token (shown once, keep it): " + server.firstAdminToken());
        }
        System.out.flush();
        stop.await();
        return 0;
    }
}
