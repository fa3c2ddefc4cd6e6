package org.vistruct.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `vistruct serve` in its own JVM, as an operator runs it: started, waited for, killed with SIGKILL or stopped with SIGTERM. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("admin token \\(shown once, keep it\\): (vst_[0-9a-f_]+)");
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server on the data directory, on a free loopback port; waits (up to 90 s) until it answers. */
    static ServerProcess start(Path work, Path data, Map<String, String> env, String logName) throws Exception {
        return start(work, data, env, logName, freePort());
    }

    /** A loopback port free now (for a server that must be known before it starts, such as a platform's peer). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts a server on a given port. */
    static ServerProcess start(Path work, Path data, Map<String, String> env, String logName, int port) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("VISTRUCT_GB28181_ENABLED", "false", "VISTRUCT_HTTP_BIND", "127.0.0.1"));
        all.putAll(env);
        Path log = work.resolve(logName);
        Process p = CliProcess.builder(work, all, "--data", data.toString(), "serve", "--port", Integer.toString(port), "--bind", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess s = new ServerProcess(p, port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) throw new AssertionError("vistruct serve exited with " + p.exitValue() + ": " + Files.readString(log));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return s;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new AssertionError("vistruct serve did not answer within 90 s: " + Files.readString(log));
    }

    String base() { return "http://127.0.0.1:" + port; }

    /** The admin token the first start printed, or null. */
    String firstAdminToken() throws IOException {
        Matcher m = TOKEN.matcher(Files.readString(log));
        return m.find() ? m.group(1) : null;
    }

    String output() throws IOException { return Files.readString(log); }

    /** kill -9: the JVM gets no chance to commit, flush or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("not dead after SIGKILL");
    }

    /** SIGTERM, then waits for the orderly shutdown. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
