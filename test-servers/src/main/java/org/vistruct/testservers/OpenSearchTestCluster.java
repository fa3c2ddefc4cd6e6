package org.vistruct.testservers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real OpenSearch cluster on 127.0.0.1: N nodes (3.5.0 with the k-NN plugin), each in its own JVM
 * started from the jars Maven resolved for the test-opensearch-node module. Every node is
 * cluster-manager eligible and holds data. Nodes can be killed ({@code kill -9}) and started again
 * on their ports and data. Each node takes about 400-450 MB.
 */
public final class OpenSearchTestCluster implements AutoCloseable {
    private final Path root;
    private final String name;
    private final int[] httpPorts, transportPorts;
    private final Process[] nodes;
    /** Nodes that formed the cluster (the initial cluster managers); the rest join later. */
    private int bootstrap;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpenSearchTestCluster(Path root, String name, int n) throws IOException {
        this.root = root;
        this.name = name;
        this.httpPorts = new int[n];
        this.transportPorts = new int[n];
        this.nodes = new Process[n];
        for (int i = 0; i < n; i++) {
            httpPorts[i] = freePort();
            transportPorts[i] = freePort();
        }
    }

    /** Starts {@code n} nodes under {@code root} and waits until the cluster is green with all of them (at most 180 s). */
    public static OpenSearchTestCluster start(Path root, int n) throws IOException, InterruptedException { return start(root, n, n); }

    /**
     * As {@link #start(Path, int)}, with room for {@code capacity} nodes in all: the others are
     * started later by {@link #addNode()} and join the running cluster.
     */
    public static OpenSearchTestCluster start(Path root, int n, int capacity) throws IOException, InterruptedException {
        OpenSearchTestCluster c = new OpenSearchTestCluster(root, "vistruct-test-" + ProcessHandle.current().pid(), capacity);
        c.bootstrap = n;
        try {
            for (int i = 0; i < n; i++) c.startNode(i);
            c.awaitHealth("green", n, 180);
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void startNode(int i) throws IOException {
        Path home = root.resolve("node-" + i);
        Files.createDirectories(home);
        Path log = root.resolve("node-" + i + ".log");
        Path argfile = root.resolve("node-" + i + ".argfile");
        Files.writeString(argfile, "-cp \"" + classpath() + "\"\n", StandardCharsets.UTF_8);
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String seeds = java.util.stream.IntStream.range(0, nodes.length).mapToObj(j -> "127.0.0.1:" + transportPorts[j]).collect(Collectors.joining(","));
        String managers = java.util.stream.IntStream.range(0, bootstrap).mapToObj(j -> "node-" + j).collect(Collectors.joining(","));
        // tests want a fast start (C1 only: 12-16 s to green); benchmarks want steady speed (-Dvistruct.opensearch.jit=full)
        boolean bench = "full".equals(System.getProperty("vistruct.opensearch.jit"));
        String jit = bench ? "-XX:+TieredCompilation" : "-XX:TieredStopAtLevel=1";
        // tests: 512 MB; a benchmark at millions of records names more (-Dvistruct.opensearch.heap=2g)
        String heap = System.getProperty("vistruct.opensearch.heap", "512m");
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xms" + heap, "-Xmx" + heap, jit, "-XX:ActiveProcessorCount=1",
                "-Dlog4j2.disable.jmx=true", "-Djava.io.tmpdir=" + home.resolve("tmp"), "--enable-native-access=ALL-UNNAMED",
                "@" + argfile, "org.vistruct.testnode.OpenSearchNodeMain", name, "node-" + i, home.toString(),
                Integer.toString(httpPorts[i]), Integer.toString(transportPorts[i]), seeds, managers));
        // benchmarks: G1, as OpenSearch ships (one processor makes the JVM pick the serial collector, whose
        // uncollected garbage trips the real-memory circuit breaker under millions of bulk writes)
        if (bench) cmd.add(1, "-XX:+UseG1GC");
        Files.createDirectories(home.resolve("tmp"));
        nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static String classpath() throws IOException {
        Properties p = new Properties();
        try (InputStream in = OpenSearchTestCluster.class.getResourceAsStream("test-servers.properties")) {
            p.load(in);
        }
        Path target = Path.of(p.getProperty("opensearch.node"));
        Path deps = target.resolve("node.classpath");
        if (!Files.exists(deps)) throw new IOException(deps + " is missing: build the test-opensearch-node module (mvn install) first");
        List<String> entries = new ArrayList<>();
        entries.add(target.resolve("classes").toString());
        entries.add(Files.readString(deps, StandardCharsets.UTF_8).trim());
        try (Stream<Path> knn = Files.list(target.resolve("opensearch-knn"))) {
            knn.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> entries.add(f.toString()));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until a live node reports the status (or better) with {@code nodes} nodes; throws with the
     * last answer and the logs' tails when it does not come within the time.
     */
    public void awaitHealth(String status, int nodeCount, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] == null || !nodes[i].isAlive()) continue;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(i) + "/_cluster/health?wait_for_status=" + status
                            + "&wait_for_nodes=" + nodeCount + "&timeout=2s")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    last = r.body();
                    if (r.statusCode() == 200 && !r.body().contains("\"timed_out\":true")) return;
                } catch (IOException e) {
                    last = e.toString(); // not listening yet
                }
                break;
            }
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null && !nodes[i].isAlive() && nodes[i].exitValue() != 137 && nodes[i].exitValue() != 143) {
                    throw new IOException("OpenSearch node-" + i + " exited (" + nodes[i].exitValue() + "): " + tail(i));
                }
            }
            Thread.sleep(500);
        }
        throw new IOException("OpenSearch cluster not " + status + " with " + nodeCount + " nodes within " + seconds + " s: " + last + "\n" + tail(0));
    }

    /** The node's last lines of output. */
    public String tail(int i) throws IOException {
        Path log = root.resolve("node-" + i + ".log");
        if (!Files.exists(log)) return "(no output)";
        String s = Files.readString(log);
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    /** http://127.0.0.1:PORT of node i. */
    public String url(int i) { return "http://127.0.0.1:" + httpPorts[i]; }

    /** Every node's URL. */
    public List<String> urls() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) if (nodes[i] != null) out.add(url(i));
        return out;
    }

    /** Nodes started (running or killed). */
    public int size() { return (int) java.util.Arrays.stream(nodes).filter(java.util.Objects::nonNull).count(); }

    /** The index of the node with this name (node-0, node-1, ...). */
    public static int indexOf(String nodeName) { return Integer.parseInt(nodeName.substring(nodeName.lastIndexOf('-') + 1)); }

    /** Starts the next node not yet started (room made by {@link #start(Path, int, int)}); returns its index. Does not wait for it to join. */
    public int addNode() throws IOException {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null) {
                startNode(i);
                return i;
            }
        }
        throw new IllegalStateException("no room for another node (capacity " + nodes.length + ")");
    }

    /** Kills node i at once (kill -9), as a crash would. */
    public void kill(int i) throws InterruptedException {
        nodes[i].destroyForcibly();
        nodes[i].waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts node i again on its ports and data (after {@link #kill}); does not wait for it to join. */
    public void restart(int i) throws IOException {
        if (nodes[i] != null && nodes[i].isAlive()) throw new IllegalStateException("node-" + i + " is running");
        startNode(i);
    }

    /** GETs a path from a live node (e.g. /_cat/shards?format=json), for tests that look at the cluster's state. */
    public String get(String path) throws IOException, InterruptedException {
        IOException failed = null;
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null || !nodes[i].isAlive()) continue;
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url(i) + path)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                failed = e;
            }
        }
        throw failed != null ? failed : new IOException("no OpenSearch node is running");
    }

    /**
     * Runs a cluster for other processes (bin/with-opensearch): {@code OpenSearchTestCluster DIR NODES}
     * prints {@code urls=http://...,http://...} once it is green and runs until killed.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: OpenSearchTestCluster DIR NODES");
            System.exit(2);
        }
        OpenSearchTestCluster c = start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(c::close));
        System.out.println("urls=" + String.join(",", c.urls()));
        System.out.flush();
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        for (Process p : nodes) if (p != null) p.destroy();
        for (Process p : nodes) {
            if (p == null) continue;
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
