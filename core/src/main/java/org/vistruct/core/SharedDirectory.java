package org.vistruct.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared folder beside the project (models and labelled media): {@code VISTRUCT_SHARED},
 * then the {@code vistruct.shared} system property, then {@code ../shared} from the working
 * directory or from the installation ({@code vistruct.home}).
 */
public final class SharedDirectory {
    private SharedDirectory() {}

    public static Optional<Path> locate() {
        String env = System.getenv("VISTRUCT_SHARED");
        if (env != null && !env.isBlank()) return Optional.of(Path.of(env));
        String prop = System.getProperty("vistruct.shared");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) return Optional.of(Path.of(prop));
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (p.getParent() != null && Files.isDirectory(candidate.resolve("models"))) return Optional.of(candidate.normalize());
        }
        String home = System.getProperty("vistruct.home");
        if (home != null) {
            Path candidate = Path.of(home).toAbsolutePath().resolveSibling("shared");
            if (Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The shared folder, or an exception telling how to point at it. */
    public static Path require() {
        return locate().orElseThrow(() -> new IllegalStateException(
                "cannot find the shared folder (models, media): set VISTRUCT_SHARED to its path"));
    }
}
