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
    void fetchDownloadsChecksSha256AndRefusesACorruptDownload(@TempDir Path dir) throws Exception {
        byte[] good = Files.readAllBytes(Labels.SHARED.resolve("models").resolve(yolox.file()));
        byte[] bad = good.clone();
        bad[100] ^= 1;
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        for (var e : java.util.Map.of("/good.onnx", good, "/bad.onnx", bad).entrySet()) {
            http.createContext(e.getKey(), x -> {
                x.sendResponseHeaders(200, e.getValue().length);
                try (var out = x.getResponseBody()) {
                    out.write(e.getValue());
                }
            });
        }
        http.start();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort();
            ModelFiles files = new ModelFiles(List.of(dir));
            var client = java.net.http.HttpClient.newHttpClient();
            ModelManifest corrupt = new ModelManifest(yolox.name(), yolox.task(), yolox.file(), null, base + "/bad.onnx", yolox.sha256(), yolox.input(), null, null, null);
            var e = assertThrows(java.io.IOException.class, () -> files.fetch(corrupt, client));
            assertTrue(e.getMessage().contains("not saved"), e.getMessage());
            assertNull(files.find(yolox), "nothing half-written is left behind");

            ModelManifest ok = new ModelManifest(yolox.name(), yolox.task(), yolox.file(), null, base + "/good.onnx", yolox.sha256(), yolox.input(), null, null, null);
            assertTrue(files.fetch(ok, client).contains("sha256 ok"));
            assertArrayEquals(good, files.load(ok));
            assertTrue(files.fetch(ok, client).endsWith("present"));
        } finally {
            http.stop(0);
        }
    }

    @Test
    void everyManifestMatchesTheSharedFileOrItsJar() {
        ModelFiles files = ModelFiles.standard(Path.of("target/no-models"), Labels.SHARED);
        for (ModelManifest m : ModelManifest.defaults()) assertTrue(files.status(m).startsWith("ok"), m.name() + ": " + files.status(m));
    }
}
