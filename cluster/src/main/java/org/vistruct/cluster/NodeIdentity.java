package org.vistruct.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Who this node is in the cluster: the configured id, or one made on the first start and kept in
 * the data directory (each node has its own), so a node that restarts takes back its own jobs at once.
 */
public final class NodeIdentity {
    private NodeIdentity() {}

    public static String of(String configured, Path dataDir) throws IOException {
        if (configured != null && !configured.isBlank()) return check(configured.trim());
        Path file = dataDir.resolve("node-id");
        if (Files.exists(file)) return check(Files.readString(file, StandardCharsets.UTF_8).trim());
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        String id = String.format("node-%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
        Files.createDirectories(dataDir);
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    private static String check(String id) {
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("cluster.node-id: 1-64 letters, digits, '.', '_' or '-', was '" + id + "'");
        return id;
    }
}
