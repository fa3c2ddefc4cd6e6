package org.vistruct.analyzer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.analyzer.Labels;

class ModelFilesTest {
    private final ModelManifest yolox = ModelManifest.load("yolox-nano");

    @Test
    void aMissingModelNamesTheFileAndHowToGetIt(@TempDir Path empty) {
        ModelException e = assertThrows(ModelException.class, () -> new ModelFiles(List.of(empty)).load(yolox));
        assertTrue(e.getMessage().contains("detect/yolox_nano_416_coco.onnx") && e.getMessage().contains("vistruct models fetch"), e.getMessage());
        ModelException lpr = assertThrows(ModelException.class, () -> new ModelFiles(List.of(empty)).load(ModelManifest.load("lprnet")));
        assertTrue(lpr.getMessage().contains("no public ONNX download"), lpr.getMessage());
    }

    @Test
    void aCorruptModelIsRefusedBySha256(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(Labels.SHARED.resolve("models").resolve(yolox.file()));
        bytes[bytes.length / 2] ^= 1;
        Path copy = dir.resolve(yolox.file());
        Files.createDirectories(copy.getParent());
        Files.write(copy, bytes);
        ModelException e = assertThrows(ModelException.class, () -> ModelFiles.standard(dir, Labels.SHARED).load(yolox));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(copy.toString()), e.getMessage());
    }

    @Test
    void everyManifestMatchesTheSharedFileOrItsJar() {
        ModelFiles files = ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED);
        for (ModelManifest m : ModelManifest.defaults()) assertTrue(files.status(m).startsWith("ok"), m.name() + ": " + files.status(m));
    }
}
