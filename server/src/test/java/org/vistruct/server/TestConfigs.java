package org.vistruct.server;

import java.util.HashMap;
import java.util.Map;

/** Configurations for tests: loopback addresses and free ports only. */
final class TestConfigs {
    private TestConfigs() {}

    static VistructConfig load(Map<String, String> env) throws java.io.IOException {
        Map<String, String> all = new HashMap<>(Map.of("VISTRUCT_GB28181_BIND", "127.0.0.1", "VISTRUCT_GB28181_PORT", "0", "VISTRUCT_HTTP_BIND", "127.0.0.1"));
        all.putAll(env);
        return VistructConfig.load(null, all);
    }
}
