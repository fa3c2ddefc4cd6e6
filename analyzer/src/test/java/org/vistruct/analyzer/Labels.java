package org.vistruct.analyzer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vistruct.core.SharedDirectory;

/** The labelled media of the shared folder (media/labels/*.csv). */
public final class Labels {
    public static final Path SHARED = SharedDirectory.require();
    public static final Path MEDIA = SHARED.resolve("media");

    /** One row of plates.csv. */
    public record Plate(String image, String plate, String color, String layers, String note) {
        public boolean readable() { return !plate.isEmpty() && !plate.equals("?"); }

        public boolean crop() { return image.contains("crop"); }

        public boolean noPlate() { return plate.isEmpty(); }
    }

    private Labels() {}

    public static List<Plate> plates() throws IOException {
        return rows("plates.csv").stream().map(f -> new Plate(f[0], f[1], f[2], f[3], f[4])).toList();
    }

    public static List<String[]> rows(String file) throws IOException {
        return Files.readAllLines(MEDIA.resolve("labels").resolve(file), StandardCharsets.UTF_8).stream().skip(1)
                .filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
    }
}
