package org.vistruct.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.vistruct.core.SharedDirectory;

/** Rows of the shared folder's label files. */
final class Labels {
    private Labels() {}

    static List<String[]> rows(String file) throws IOException {
        return Files.readAllLines(SharedDirectory.require().resolve("media/labels").resolve(file), StandardCharsets.UTF_8).stream()
                .skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
    }
}
