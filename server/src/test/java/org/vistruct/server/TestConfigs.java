package org.vistruct.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.TokenStore;

/**
 * Configurations for tests: loopback addresses and free ports only; the metadata database is the
 * embedded one unless the environment names another (VISTRUCT_METADATA_URL: bin/test's second pass
 * runs every test against PostgreSQL this way), and the records in the embedded index unless it
 * names an OpenSearch cluster (VISTRUCT_INDEX_BACKEND, VISTRUCT_OPENSEARCH_*: bin/with-opensearch).
 */
final class TestConfigs {
    private TestConfigs() {}

    static VistructConfig load(Map<String, String> env) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of("VISTRUCT_GB28181_BIND", "127.0.0.1", "VISTRUCT_GB28181_PORT", "0", "VISTRUCT_HTTP_BIND", "127.0.0.1"));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("VISTRUCT_METADATA_") || k.startsWith("VISTRUCT_INDEX_") || k.startsWith("VISTRUCT_OPENSEARCH_")) all.put(k, v);
        });
        all.putAll(env);
        return VistructConfig.load(null, all);
    }

    /** Makes a token in a data directory's metadata database, as `vistruct token` does beside a running server. */
    static String token(Path data, VistructConfig config, String name, Role role) throws IOException {
        try (MetadataStore store = MetadataStore.open(config.metadataSettings(), data)) {
            return new TokenStore(store.tokens()).create(name, role);
        }
    }
}
