package org.vistruct.testservers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3Mock (Adobe, Apache-2.0) in its own JVM on 127.0.0.1: an S3-compatible store that supports
 * object lock and legal holds, which the embedded S3Proxy does not. Stopped with {@link #close()}
 * (or killed with {@link #kill()} to test an object store that goes away).
 */
public final class S3MockServer implements AutoCloseable {
    private static final Pattern PORTS = Pattern.compile("Tomcat started on ports? (\\d+) \\(https\\), (\\d+) \\(http\\)");
    private final Process process;
    private final int httpPort;
    private final Path log;

    private S3MockServer(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts S3Mock keeping its objects under {@code root} on a free port; waits until it listens (at most 90 s). */
    public static S3MockServer start(Path root) throws IOException, InterruptedException {
        return start(root, 0);
    }

    /**
     * Starts S3Mock on a given port (0: a free one) over {@code root}: started again on the same port
     * and root after {@link #kill()}, it serves what it held before, as a store back from an outage does.
     */
    public static S3MockServer start(Path root, int port) throws IOException, InterruptedException {
        Files.createDirectories(root);
        Path log = root.resolveSibling(root.getFileName() + "-" + System.nanoTime() + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path argfile = root.resolveSibling(root.getFileName() + ".argfile");
        Files.writeString(argfile, "-cp \"" + classpath() + "\"\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "@" + argfile, "com.adobe.testing.s3mock.S3MockApplication",
                "--server.address=127.0.0.1", "--server.port=0", "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(), "--com.adobe.testing.s3mock.store.retainFilesOnExit=true"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) throw new IOException("S3Mock exited at start: " + tail(log));
            Matcher m = PORTS.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) return new S3MockServer(p, Integer.parseInt(m.group(2)), log);
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IOException("S3Mock did not start within 90 s: " + tail(log));
    }

    private static String classpath() throws IOException {
        Properties p = new Properties();
        try (InputStream in = S3MockServer.class.getResourceAsStream("test-servers.properties")) {
            p.load(in);
        }
        Path file = Path.of(p.getProperty("s3mock.classpath"));
        if (!Files.exists(file)) throw new IOException(file + " is missing: build the test-servers module (mvn install) first");
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) return "(no output)";
        String s = Files.readString(log);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    /** The S3 endpoint, e.g. http://127.0.0.1:38725 (any access key and secret are accepted). */
    public String endpoint() { return "http://127.0.0.1:" + httpPort; }

    public int port() { return httpPort; }

    /** Kills the server's JVM at once (kill -9), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path log() { return log; }
}
