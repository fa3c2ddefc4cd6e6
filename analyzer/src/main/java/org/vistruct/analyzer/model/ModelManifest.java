package org.vistruct.analyzer.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What the project knows of one model: where the file lives relative to a models directory, where
 * to download it, its sha256, and its input. Read from {@code models/<name>.json}.
 *
 * @param classpath when set, the file also ships inside a dependency jar at this resource path
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(String name, String task, String file, String classpath, String url, String sha256,
                            Input input, String normalisation, String licence, String note) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String name, List<Long> shape) {}

    /** The models the default analysis uses, in the order `vistruct models` lists them. */
    public static final List<String> DEFAULT_SET = List.of(
            "yolox-nano", "plate-detector-320", "plate-detector-640", "plate-color", "pp-ocrv4-rec", "lprnet",
            "vehicle-attributes", "yunet", "mobilefacenet");

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ModelManifest load(String name) {
        String resource = "/vistruct/models/" + name + ".json";
        try (InputStream in = ModelManifest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no model manifest named '" + name + "' (" + resource + ")");
            return JSON.readValue(in, ModelManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model manifest " + resource, e);
        }
    }

    public static List<ModelManifest> defaults() {
        return DEFAULT_SET.stream().map(ModelManifest::load).toList();
    }
}
