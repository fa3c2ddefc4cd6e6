package org.vistruct.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engines the tests run on: always the embedded SQLite; PostgreSQL too when
 * VISTRUCT_METADATA_URL names one (bin/with-postgres, which bin/test uses for its second pass).
 * Each opened database gets its own data directory, hence its own SQLite file or PostgreSQL schema.
 */
final class Databases {
    private Databases() {}

    static List<String> engines() {
        List<String> out = new ArrayList<>(List.of("sqlite"));
        if (postgresUrl() != null) out.add("postgresql");
        return out;
    }

    static String postgresUrl() {
        String url = System.getenv("VISTRUCT_METADATA_URL");
        return url != null && url.startsWith("jdbc:postgresql:") ? url : null;
    }

    static MetadataSettings settings(String engine) {
        if (engine.equals("sqlite")) return MetadataSettings.embedded();
        String user = System.getenv().getOrDefault("VISTRUCT_METADATA_USER", "");
        String password = System.getenv().getOrDefault("VISTRUCT_METADATA_PASSWORD", "");
        return new MetadataSettings(postgresUrl(), user, password, "", 8, true);
    }

    static MetadataDatabase open(String engine, Path dataDir) throws IOException {
        return MetadataDatabase.open(settings(engine), dataDir);
    }

    static MetadataDatabase fresh(String engine) throws IOException {
        return open(engine, Files.createTempDirectory("vistruct-meta"));
    }
}
