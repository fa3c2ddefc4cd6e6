package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.vistruct.core.SharedDirectory;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.testservers.SmallFilesystem;

/**
 * The data directory on a real 300 MB file system (a tmpfs the test mounts) with a 40 MB reserve:
 * mid-job the disk is filled to below the reserve; the job waits (no record lost, none torn), new
 * jobs and uploads are refused with 507, searches, health and the audit trail keep answering; the
 * filler is removed and the job finishes by itself, without a restart. Where mounting is not
 * allowed, the same runs with the reserve raised above the machine's free space instead.
 */
class DiskFullTest {
    private static final Path SHARED = SharedDirectory.require();

    @Test
    void belowTheReserveIngestWaitsSearchesGoOnAndItResumesAlone() throws Exception {
        Path work = Files.createTempDirectory("vistruct-disk");
        SmallFilesystem fs = SmallFilesystem.mount(work, 300);
        Path data = fs != null ? fs.dir().resolve("data") : work.resolve("data");
        Files.createDirectories(data);
        long reserveMb = fs != null ? 40 : (Files.getFileStore(data).getUsableSpace() >> 20) + 1024;
        VistructConfig config = TestConfigs.load(Map.of("VISTRUCT_JOBS_PATH_ROOTS", SHARED.resolve("media").toString(), "VISTRUCT_GB28181_ENABLED", "false",
                "VISTRUCT_STORAGE_DISK_RESERVE_MB", fs != null ? "40" : "0", "VISTRUCT_JOBS_REALTIME", "true"));
        try {
            try (VistructServer server = new VistructServer(data, config, "127.0.0.1", 0)) {
                ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), server.firstAdminToken());
                String job = api.post("/api/v1/jobs", Map.of("path", SHARED.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                        "deviceId", "34020000001320000001", "start", "2026-11-21T08:00:00")).json().path("id").asText();
                long deadline = System.currentTimeMillis() + 120_000;
                while (api.json("/api/v1/records?limit=1").path("total").asInt() < 3 && System.currentTimeMillis() < deadline) Thread.sleep(200);
                // the disk fills up
                if (fs != null) fs.fillTo(20L << 20);
                else server.runtime().disk().reserve(reserveMb << 20);
                Thread.sleep(2500);
                int before = api.json("/api/v1/records?limit=1").path("total").asInt();
                JsonNode health = api.json("/api/v1/health");
                assertEquals("degraded", health.path("status").asText(), health.toString());
                assertTrue(health.path("disk").path("ingestPaused").asBoolean(), health.toString());
                ApiClient.Answer refused = api.post("/api/v1/jobs", Map.of("path", SHARED.resolve("media/video/plates_slideshow_h265.mp4").toString(), "deviceId", "1"));
                assertEquals(507, refused.status(), refused.text());
                assertEquals(200, api.get("/api/v1/records?plate=%E7%9A%96A*").status(), "searches go on");
                assertEquals(200, api.get("/api/v1/health").status());
                Thread.sleep(4000);
                int during = api.json("/api/v1/records?limit=1").path("total").asInt();
                assertEquals(before, during, "no record written while below the reserve: they wait");
                assertEquals("running", api.json("/api/v1/jobs/" + job).path("state").asText());
                // space returns
                if (fs != null) fs.free();
                else server.runtime().disk().reserve(0);
                while (!api.json("/api/v1/jobs/" + job).path("state").asText().matches("done|failed") && System.currentTimeMillis() < deadline + 120_000) {
                    Thread.sleep(500);
                }
                JsonNode done = api.json("/api/v1/jobs/" + job);
                assertEquals("done", done.path("state").asText(), done.toString());
                int after = api.json("/api/v1/records?limit=1").path("total").asInt();
                assertTrue(after > during, "the job went on by itself: " + during + " → " + after);
                assertEquals("ok", api.json("/api/v1/health").path("status").asText());
                assertTrue(api.json("/api/v1/audit/verify").path("intact").asBoolean(), "audit trail intact");
                System.out.printf("disk %s: records %d before the disk filled, %d while below the reserve, %d at the end; job 507 while full; audit intact%n",
                        fs != null ? "of 300 MB filled to 20 MB free (reserve 40 MB)" : "(reserve raised above the free space)", before, during, after);
            }
            // nothing torn: the index checks clean, the spool holds no half-written folder, the metadata opens and verifies
            try (FSDirectory dir = FSDirectory.open(data.resolve("index")); CheckIndex check = new CheckIndex(dir)) {
                assertTrue(check.checkIndex().clean, "index clean");
            }
            try (Stream<Path> spool = Files.list(data.resolve("spool"))) {
                assertEquals(0, spool.count());
            }
            try (MetadataStore store = MetadataStore.open(config.metadataSettings(), data)) {
                assertTrue(store.audit().verify().intact());
            }
        } finally {
            if (fs != null) fs.close();
        }
    }
}
