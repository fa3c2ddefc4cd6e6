package org.vistruct.storage;

import org.vistruct.core.ObjectKeys;
import static org.junit.jupiter.api.Assertions.*;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3PictureStoreTest {
    @Test
    void picturesRoundTripOverTheS3ApiAndSurviveARestart(@TempDir Path data) throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        String key = ObjectKeys.of("34020000001320000001", 1_700_000_000_000L, "abc", "scene", ZoneId.of("Asia/Shanghai"));
        assertEquals("34020000001320000001/2023/11/15/06/abc-scene.jpg", key);
        try (EmbeddedS3Server server = new EmbeddedS3Server(data.resolve("objects"));
             S3PictureStore store = new S3PictureStore(server.settings("vistruct"), 3, 10)) {
            store.put(key, jpeg);
            assertArrayEquals(jpeg, store.get(key));
            assertThrows(FileNotFoundException.class, () -> store.get(key.replace("abc", "nope")));
        }
        try (EmbeddedS3Server server = new EmbeddedS3Server(data.resolve("objects"));
             S3PictureStore store = new S3PictureStore(server.settings("vistruct"), 3, 10)) {
            assertArrayEquals(jpeg, store.get(key), "same credentials and files after a restart");
        }
    }

    @Test
    void anUnreachableStoreOpensAnywayAndEachCallIsRetriedThenReportedByEndpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        S3Settings nowhere = new S3Settings("http://127.0.0.1:" + port, "a", "b", "vistruct");
        try (S3PictureStore store = new S3PictureStore(nowhere, 3, 10)) { // a store away at start is not fatal
            assertFalse(store.available());
            assertTrue(store.lastError().startsWith("unreachable"), store.lastError());
            IOException e = assertThrows(IOException.class, () -> store.put("34020000001320000001/2023/11/15/06/abc-scene.jpg", new byte[] {1}));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("3 attempts") && e.getMessage().contains("unreachable"),
                    e.getMessage());
        }
    }

    @Test
    void wrongCredentialsAreCalledSoAndNotRetried(@TempDir Path data) throws Exception {
        try (EmbeddedS3Server server = new EmbeddedS3Server(data.resolve("objects"))) {
            S3Settings right = server.settings("vistruct");
            try (S3PictureStore store = new S3PictureStore(new S3Settings(right.endpoint(), right.accessKey(), "not-the-secret", "vistruct"), 5, 1000)) {
                long t0 = System.currentTimeMillis();
                IOException e = assertThrows(IOException.class, () -> store.put("34020000001320000001/2023/11/15/06/abc-scene.jpg", new byte[] {1}));
                assertTrue(e.getMessage().contains("wrong credentials"), e.getMessage());
                assertTrue(System.currentTimeMillis() - t0 < 3000, "not retried with backoff: nothing mends by waiting");
            }
        }
    }

    @Test
    void keysThatCouldEscapeAreRefused() {
        for (String bad : new String[] {"../etc/passwd", "/abs/2024/01/01/01/x.jpg", "dev/2024/01/01/01/../../x.jpg", "dev/2024/01/01/01/x.png", ""}) {
            assertThrows(IllegalArgumentException.class, () -> ObjectKeys.requireValid(bad), bad);
        }
        ObjectKeys.requireValid("34020000001320000001/2023/11/15/06/abc-scene.jpg");
    }
}
