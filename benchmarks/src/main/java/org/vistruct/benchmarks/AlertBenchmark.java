package org.vistruct.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.vistruct.core.Box;
import org.vistruct.core.ColorCode;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.SharedDirectory;
import org.vistruct.core.VehicleClass;
import org.vistruct.server.VistructConfig;
import org.vistruct.server.VistructServer;
import org.vistruct.server.alerts.WatchEntry;
import org.vistruct.server.alerts.WatchList;
import org.vistruct.metadata.MetadataSettings;
import org.vistruct.metadata.MetadataStore;
import org.vistruct.server.http.Role;
import org.vistruct.server.http.TokenStore;

/**
 * Watch lists and alerts, in one run:
 * <ol>
 *   <li>match cost: 100,000 plate entries (half exact plates, half patterns with ? and *), synthetic
 *   vehicle records matched one by one: µs per record and heap per entry; baselines in the same run:
 *   the same records against 1,000 entries (does the cost grow with the list?) and a plain loop over
 *   the 100,000 entries with an equality test or a regular expression each (what the index saves);</li>
 *   <li>alert latency: {@code vistruct serve} in this process with those entries plus the slideshow's
 *   plates, the slideshow fed at its own frame rate (as a camera would send it), alerts POSTed to a
 *   webhook receiver here; latency = arrival at the receiver − the time of the frame of the record's
 *   picture, and − the frame where the vehicle first appeared. Early (provisional) records on, and off
 *   as the baseline (records written when the vehicle leaves); and the same for a face enrolled from
 *   fr_obama.jpg over a video of the labelled portraits.</li>
 * </ol>
 * Usage: AlertBenchmark [work dir] [entries] [slideshow runs per mode] [all|match|latency].
 */
public final class AlertBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ", ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private AlertBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench-out"));
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Random rnd = new Random(7);
        List<String> plates = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) plates.add(i % 2 == 0 ? plate(rnd) : pattern(rnd));
        String what = args.length > 3 ? args[3] : "all";
        if (!what.equals("latency")) matchCost(work, plates, rnd);
        if (what.equals("match")) return;
        plateLatency(work, plates, runs, true);
        faceLatency(work, runs);
        if (what.equals("all")) plateLatency(work, plates, runs, false);
    }

    static String plate(Random rnd) {
        StringBuilder b = new StringBuilder().append(PROVINCES.charAt(rnd.nextInt(PROVINCES.length()))).append(LETTERS.charAt(rnd.nextInt(LETTERS.length())));
        for (int i = 0; i < 5; i++) b.append(ALNUM.charAt(rnd.nextInt(ALNUM.length())));
        return b.toString();
    }

    /** What duty officers enter: a plate with one or two characters unread (?) or a plate's first 4-6 characters then *. */
    static String pattern(Random rnd) {
        char[] p = plate(rnd).toCharArray();
        if (rnd.nextBoolean()) {
            p[2 + rnd.nextInt(5)] = '?';
            if (rnd.nextBoolean()) p[2 + rnd.nextInt(5)] = '?';
            return new String(p);
        }
        return new String(p, 0, 4 + rnd.nextInt(3)) + "*";
    }

    private static List<WatchEntry> entries(List<String> plates) {
        List<WatchEntry> out = new ArrayList<>(plates.size());
        for (int i = 0; i < plates.size(); i++) {
            String p = plates.get(i);
            WatchEntry.Kind kind = p.contains("*") || p.contains("?") ? WatchEntry.Kind.PATTERN : WatchEntry.Kind.PLATE;
            out.add(new WatchEntry("W" + i, "bench", kind, p, null, null, 0f, null, 0, 0, 3, null, "bench", 0));
        }
        return out;
    }

    private static void matchCost(Path work, List<String> plates, Random rnd) throws Exception {
        // records: one in ten carries a watched exact plate, the rest random plates
        List<MotorVehicle> records = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            String plate = i % 10 == 0 ? plates.get(2 * rnd.nextInt(plates.size() / 2)) : plate(rnd);
            records.add(new MotorVehicle("R" + i, "34020000001320000001", 1_700_000_000_000L + i, 0, 0, plate, ColorCode.BLUE, null, 90,
                    VehicleClass.K33, 90, ColorCode.WHITE, 90, new Box(0, 0, 10, 10), null, null, null, null, 0));
        }
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        Path bigDir = Files.createTempDirectory(work, "watch-big"), smallDir = Files.createTempDirectory(work, "watch-small");
        MetadataStore bigStore = MetadataStore.open(metadataSettings(), bigDir), smallStore = MetadataStore.open(metadataSettings(), smallDir);
        WatchList big = new WatchList(bigStore.watchEntries(), bigDir.resolve("faces"), ZONE);
        List<WatchEntry> bigEntries = entries(plates);
        big.addAll(bigEntries);
        double buildS = (System.nanoTime() - t0) / 1e9;
        long heapAfter = usedHeap();
        WatchList small = new WatchList(smallStore.watchEntries(), smallDir.resolve("faces"), ZONE);
        small.addAll(entries(plates.subList(0, 1000)));
        double usBig = 0, usSmall = 0;
        long matchesBig = 0;
        for (int round = 0; round < 5; round++) { // the first rounds warm the JIT; the last is reported
            matchesBig = 0;
            long s = System.nanoTime();
            for (MotorVehicle r : records) matchesBig += big.match(r).size();
            usBig = (System.nanoTime() - s) / 1e3 / records.size();
            s = System.nanoTime();
            for (MotorVehicle r : records) small.match(r);
            usSmall = (System.nanoTime() - s) / 1e3 / records.size();
        }
        // the baseline: a loop over every entry (equality for plates, a precompiled regex for patterns)
        List<Object> naive = new ArrayList<>();
        for (String p : plates) naive.add(p.contains("*") || p.contains("?") ? Pattern.compile(p.replace("?", ".").replace("*", ".*")) : p);
        double usNaive = 0;
        long matchesNaive = 0;
        List<MotorVehicle> sample = records.subList(0, 2000);
        for (int round = 0; round < 3; round++) {
            matchesNaive = 0;
            long s = System.nanoTime();
            for (MotorVehicle r : sample) {
                for (Object e : naive) {
                    if (e instanceof String p ? p.equals(r.plateNo()) : ((Pattern) e).matcher(r.plateNo()).matches()) matchesNaive++;
                }
            }
            usNaive = (System.nanoTime() - s) / 1e3 / sample.size();
        }
        long matchesSample = 0;
        for (MotorVehicle r : sample) matchesSample += big.match(r).size();
        if (matchesSample != matchesNaive) throw new IllegalStateException("the index found " + matchesSample + " matches, the loop " + matchesNaive);
        System.out.printf("watch list of %,d entries (%,d exact, %,d patterns): built in %.2f s, heap %.0f bytes/entry%n", plates.size(),
                plates.stream().filter(p -> !p.contains("*") && !p.contains("?")).count(), plates.stream().filter(p -> p.contains("*") || p.contains("?")).count(),
                buildS, (heapAfter - heapBefore) / (double) plates.size());
        System.out.printf("match: %.2f µs/record over %,d records (%,d matches); 1,000 entries: %.2f µs/record (ratio %.2f); "
                + "loop over all entries: %.0f µs/record (the index is %.0f× faster); same matches as the loop on %,d records%n",
                usBig, records.size(), matchesBig, usSmall, usBig / usSmall, usNaive, usNaive / usBig, sample.size());
        // one more entry: a row committed (fsync) and the lookups updated in place
        double[] addMs = new double[200];
        for (int i = 0; i < addMs.length; i++) {
            long s = System.nanoTime();
            big.add(new WatchEntry("ADD" + i, "bench", i % 2 == 0 ? WatchEntry.Kind.PLATE : WatchEntry.Kind.PATTERN, i % 2 == 0 ? plate(rnd) : plate(rnd).substring(0, 4) + "*",
                    null, null, 0f, null, 0, 0, 3, null, "bench", 0));
            addMs[i] = (System.nanoTime() - s) / 1e6;
        }
        // the baseline, measured here: what the JSON-file version did per change (the whole list serialised, written, forced)
        double[] rewriteMs = new double[10];
        Path file = work.resolve("watchlist-baseline.json");
        for (int i = 0; i < rewriteMs.length; i++) {
            long s = System.nanoTime();
            try (var out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(bigEntries)));
                out.force(true);
            }
            rewriteMs[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(addMs);
        java.util.Arrays.sort(rewriteMs);
        System.out.printf("one more entry added to the %,d-entry list (%s: one row committed, lookups updated in place): p50 %.2f ms, p99 %.2f ms over %d adds; "
                        + "baseline, the whole list rewritten and forced as the JSON file was (%,d bytes): p50 %.0f ms (%.0f× the add)%n", plates.size(),
                bigStore.database().engine(), addMs[addMs.length / 2], addMs[(int) (addMs.length * 0.99)], addMs.length, Files.size(file),
                rewriteMs[rewriteMs.length / 2], rewriteMs[rewriteMs.length / 2] / addMs[addMs.length / 2]);
        big.close();
        small.close();
        bigStore.close();
        smallStore.close();
    }

    /** The embedded database unless the environment names one (bin/with-postgres). */
    static MetadataSettings metadataSettings() {
        String url = System.getenv("VISTRUCT_METADATA_URL");
        return url == null || url.isBlank() ? MetadataSettings.embedded()
                : new MetadataSettings(url, System.getenv().getOrDefault("VISTRUCT_METADATA_USER", ""), System.getenv().getOrDefault("VISTRUCT_METADATA_PASSWORD", ""), "", 4, true);
    }

    /** A token made in a data directory's metadata database, as `vistruct token` does. */
    static String token(Path data, VistructConfig config, String name, Role role) throws java.io.IOException {
        try (MetadataStore store = MetadataStore.open(config.metadataSettings(), data)) {
            return new TokenStore(store.tokens()).create(name, role);
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** What a latency run enrols on the server before the video plays: (base URL, investigator token). */
    private interface Enrolment {
        void enrol(HttpClient http, String base, String token) throws Exception;
    }

    private static void plateLatency(Path work, List<String> plates, int runs, boolean early) throws Exception {
        Path video = SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4");
        latency(work, video, runs, early, early ? "plates, early records" : "plates, baseline: records when the vehicle leaves", (http, base, token) -> {
            post(http, base + "/api/v1/watchlist/import", token, Map.of("list", "bench", "plates", plates));
            post(http, base + "/api/v1/watchlist/import", token, Map.of("list", "slideshow", "plates", List.of("皖AB627G", "沪CQ9339", "皖ACJ218",
                    "苏E9E0A5", "皖A195K9", "皖AT022C", "皖A63G25", "浙G857PM", "皖A060T2", "皖HY1S11", "皖AZ8D02", "皖AC067S", "藏DT5022", "苏ED51712")));
        });
    }

    /** The labelled portraits, two seconds each, as a 1280×720 video; fr_obama.jpg enrolled: its other pictures alert. */
    private static void faceLatency(Path work, int runs) throws Exception {
        Path faces = SharedDirectory.require().resolve("media/faces"), video = work.resolve("faces_slideshow.mp4");
        if (!Files.exists(video)) {
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
            List<String> shown = List.of("fr_biden.jpg", "fr_obama2.jpg", "fr_biden2.jpg", "fr_obama3.jpg", "fr_two_people.jpg");
            for (String f : shown) cmd.addAll(List.of("-loop", "1", "-t", "2", "-framerate", "25", "-i", faces.resolve(f).toString()));
            StringBuilder filter = new StringBuilder();
            for (int i = 0; i < shown.size(); i++) {
                filter.append("[").append(i).append(":v]scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v")
                        .append(i).append("];");
            }
            for (int i = 0; i < shown.size(); i++) filter.append("[v").append(i).append("]");
            filter.append("concat=n=").append(shown.size()).append(":v=1:a=0[out]");
            cmd.addAll(List.of("-filter_complex", filter.toString(), "-map", "[out]", "-c:v", "libx264", "-g", "50", "-bf", "0", video.toString()));
            EndToEnd.exec(cmd);
        }
        byte[] photo = Files.readAllBytes(faces.resolve("fr_obama.jpg"));
        latency(work, video, runs, true, "faces, early records", (http, base, token) -> {
            String boundary = "b" + System.nanoTime();
            var body = new java.io.ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"minSimilarity\"\r\n\r\n0.4\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"fr_obama.jpg\"\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.writeBytes(photo);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/watchlist/faces")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 201) throw new IllegalStateException("face enrolment: HTTP " + r.statusCode() + " " + new String(r.body()));
        });
    }

    private static void latency(Path work, Path video, int runs, boolean early, String label, Enrolment enrolment) throws Exception {
        Path data = Files.createTempDirectory(work, "alert-serve");
        VistructConfig config = VistructConfig.load(null, Map.of("VISTRUCT_GB28181_ENABLED", "false", "VISTRUCT_JOBS_REALTIME", "true",
                "VISTRUCT_JOBS_PATH_ROOTS", video.getParent().toString(), "VISTRUCT_ANALYSIS_EARLY_RECORDS", Boolean.toString(early),
                "VISTRUCT_ALERTS_RETRY_FIRST_MS", "200"));
        Map<String, long[]> arrivals = new ConcurrentHashMap<>(); // alert id -> arrival, frame time, appear time
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.createContext("/hook", ex -> {
            long now = System.currentTimeMillis();
            JsonNode a = JSON.readTree(ex.getRequestBody().readAllBytes());
            arrivals.putIfAbsent(a.get("NotificationID").asText(), new long[] {now, a.get("ObjectTimeMs").asLong(), a.path("ObjectAppearTimeMs").asLong()});
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        HttpClient http = HttpClient.newHttpClient();
        try (VistructServer server = new VistructServer(data, config, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port(), admin = server.firstAdminToken();
            String token = token(data, config, "bench", Role.INVESTIGATOR);
            enrolment.enrol(http, base, token);
            post(http, base + "/api/v1/subscribers", admin, Map.of("name", "bench", "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
            for (int run = 0; run < runs; run++) {
                JsonNode job = post(http, base + "/api/v1/jobs", token, Map.of("path", video.toString(), "deviceId", "3402000000132000010" + run));
                String id = job.get("id").asText();
                while (true) {
                    Thread.sleep(500);
                    JsonNode j = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id)).header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body());
                    if (!j.get("state").asText().matches("queued|running")) break;
                }
            }
            Thread.sleep(2000);
        } finally {
            receiver.stop(0);
        }
        long[] fromFrame = arrivals.values().stream().mapToLong(a -> a[0] - a[1]).sorted().toArray();
        long[] fromAppear = arrivals.values().stream().mapToLong(a -> a[0] - a[2]).sorted().toArray();
        System.out.printf("alert latency, %s, %d alerts over %d real-time runs of %s: from the record's frame p50 %d ms p99 %d ms max %d ms; "
                        + "from the first frame it was seen p50 %d ms p99 %d ms%n", label, fromFrame.length, runs, video.getFileName(),
                pct(fromFrame, 50), pct(fromFrame, 99), fromFrame.length == 0 ? -1 : fromFrame[fromFrame.length - 1], pct(fromAppear, 50), pct(fromAppear, 99));
        System.out.println("  all (ms from the record's frame): " + Arrays.toString(fromFrame));
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) return -1;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static JsonNode post(HttpClient http, String url, String token, Object body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + new String(r.body()));
        return JSON.readTree(r.body());
    }
}
