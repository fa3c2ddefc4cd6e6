package org.vistruct.testnode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.opensearch.Version;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;

/**
 * One OpenSearch node in this JVM, with its plugins taken from the classpath (as the OpenSearch test
 * framework's MockNode does) instead of a distribution's plugin folders: HTTP and transport over
 * Netty, Painless, and k-NN (Lucene engine only: the Maven artifact has no native libraries).
 *
 * <p>Arguments: cluster name, node name, home folder, HTTP port, transport port, seed hosts
 * (host:port, comma separated), initial cluster-manager node names (comma separated). Prints
 * {@code node started} when it serves; runs until killed.
 */
public final class OpenSearchNodeMain {
    private OpenSearchNodeMain() {}

    /** A node whose plugins are classes on the classpath. */
    private static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<PluginInfo> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: OpenSearchNodeMain CLUSTER NODE HOME HTTP_PORT TRANSPORT_PORT SEED_HOSTS INITIAL_MANAGERS");
            System.exit(2);
        }
        Path home = Path.of(args[2]).toAbsolutePath();
        Path config = home.resolve("config");
        Files.createDirectories(config);
        // LogConfigurator reads the config folder: without a file it refuses to start
        Files.writeString(config.resolve("log4j2.properties"), """
                status = error
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
                rootLogger.level = info
                rootLogger.appenderRef.console.ref = console
                logger.deprecation.name = org.opensearch.deprecation
                logger.deprecation.level = error
                """, StandardCharsets.UTF_8);
        Settings settings = Settings.builder()
                .put("cluster.name", args[0])
                .put("node.name", args[1])
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", args[3])
                .put("transport.port", args[4])
                .putList("discovery.seed_hosts", List.of(args[5].split(",")))
                .putList("cluster.initial_cluster_manager_nodes", List.of(args[6].split(",")))
                // a test machine's disk may be nearly full: shards must still be allocated
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("node.processors", 1)
                .build();
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> args[1]);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(args[1]);
        LogConfigurator.configure(env);
        List<PluginInfo> plugins = List.of(
                plugin("transport-netty4", "org.opensearch.transport.Netty4ModulePlugin", List.of()),
                plugin("lang-painless", "org.opensearch.painless.PainlessModulePlugin", List.of()),
                plugin("opensearch-knn", "org.opensearch.knn.plugin.KNNPlugin", List.of("lang-painless")));
        Node node = new ClasspathNode(env, plugins);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        // a test node never outlives the process that started it (a test run killed, a benchmark stopped)
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        node.start();
        System.out.println("node started");
        System.out.flush();
        Thread.currentThread().join(); // the node's threads serve; this one only keeps the JVM up
    }

    private static PluginInfo plugin(String name, String className, List<String> extended) {
        return new PluginInfo(name, name, Version.CURRENT.toString(), Version.CURRENT, "21", className, null, extended, false);
    }
}
