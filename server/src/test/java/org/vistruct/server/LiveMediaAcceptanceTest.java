package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.Pass;
import org.vistruct.analyzer.StreamAnalyzer;
import org.vistruct.analyzer.VehiclePass;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.core.RecordIds;
import org.vistruct.core.SharedDirectory;
import org.vistruct.core.StreamPipe;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.VideoFileSource;
import org.vistruct.gb28181.media.LiveVideo;
import org.vistruct.gb28181.media.RtpReceiver;

/**
 * The slideshows as a GB/T 28181 camera sends them (PS over RTP) over UDP, TCP passive and TCP
 * active, through the receiver, the PS demuxer, the live decoder and the analysis: the labelled
 * plates come out, each once. And the same with 2 % loss and reordering.
 */
class LiveMediaAcceptanceTest {
    private static final Path SHARED = SharedDirectory.require();
    private static AnalysisModels models;
    private static EventLoopGroup loop;

    @BeforeAll
    static void load() {
        models = new AnalysisModels(ModelFiles.standard(Path.of("target/no-models"), SHARED), InferenceOptions.defaults(), AnalyzerSettings.defaults());
        loop = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void close() {
        models.close();
        loop.shutdownGracefully();
    }

    @ParameterizedTest(name = "{0} over {1}, loss {2}")
    @CsvSource({"h264, UDP, 0", "h265, UDP, 0", "h264, TCP_PASSIVE, 0", "h265, TCP_ACTIVE, 0", "h264, UDP, 0.02"})
    void labelledPlatesArriveOverRtp(String codec, RtpReceiver.Mode mode, double loss, @TempDir Path work) throws Exception {
        boolean hevc = codec.equals("h265");
        Path video = SHARED.resolve("media/video/plates_slideshow_" + codec + ".mp4");
        var frames = GbStreamSender.packets(GbStreamSender.accessUnits(video, hevc, work), hevc, 200000001L);
        StreamPipe pipe = new StreamPipe(16 << 20, 5000);
        LiveVideo live = new LiveVideo(200000001L, pipe);
        List<String> plates = Collections.synchronizedList(new ArrayList<>());
        long[] analysed = new long[1];
        Thread analysis = Thread.ofPlatform().start(() -> {
            try {
                while (live.framesDelivered() == 0 && live.lastMediaMs() == 0 || live.framesDelivered() == 0) Thread.sleep(20);
                // no shedding here (a lag of a minute): every sampled frame of the media is analysed, however busy the machine
                try (VideoFileSource src = VideoFileSource.live(pipe, "34020000001310000001", DecodeOptions.defaults(), live.firstArrivalMs(), timing(live, 60_000));
                     StreamAnalyzer a = new StreamAnalyzer(models, AnalyzerSettings.defaults(), false, "34020000001310000001", new RecordIds(ZoneId.of("Asia/Shanghai")))) {
                    List<Pass> passes = new ArrayList<>();
                    for (DecodedFrame f; (f = src.next()) != null; ) passes.addAll(a.accept(f));
                    passes.addAll(a.flush());
                    analysed[0] = a.framesAnalysed();
                    for (Pass p : passes) if (p instanceof VehiclePass v && !v.provisional() && v.plate() != null && v.plate().valid()) plates.add(v.plate().text());
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long t0 = System.nanoTime();
        long dropped = 0;
        Random rnd = new Random(7);
        double speed = 2.0;
        switch (mode) {
            case UDP -> {
                try (RtpReceiver r = RtpReceiver.udp(loop, "127.0.0.1", 0, live)) {
                    dropped = GbStreamSender.udp(frames, new InetSocketAddress("127.0.0.1", r.port()), speed, loss, loss, rnd);
                    Thread.sleep(300);
                }
            }
            case TCP_PASSIVE -> {
                try (RtpReceiver r = RtpReceiver.tcpPassive(loop, "127.0.0.1", 0, live); Socket device = new Socket("127.0.0.1", r.port())) {
                    GbStreamSender.tcp(frames, device.getOutputStream(), speed);
                    Thread.sleep(300);
                }
            }
            case TCP_ACTIVE -> {
                try (ServerSocket deviceSide = new ServerSocket(0)) {
                    Thread accept = Thread.ofPlatform().start(() -> {
                        try (Socket s = deviceSide.accept()) {
                            GbStreamSender.tcp(frames, s.getOutputStream(), speed);
                            Thread.sleep(300);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    });
                    try (RtpReceiver r = RtpReceiver.tcpActive(loop, new InetSocketAddress("127.0.0.1", deviceSide.getLocalPort()), live, 3000)) {
                        accept.join();
                    }
                }
            }
        }
        live.end();
        analysis.join(120_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> labelled = new ArrayList<>();
        for (String[] row : Labels.rows("video_plates.csv")) if (row[0].equals(video.getFileName().toString()) && !row[4].equals("-")) labelled.add(row[4]);
        long exact = labelled.stream().filter(plates::contains).count();
        Map<String, Integer> counts = new LinkedHashMap<>();
        plates.forEach(p -> counts.merge(p, 1, Integer::sum));
        System.out.printf("%s over %s, loss %.0f %%: %d RTP packets (%d dropped by the sender, %d lost, %d reordered), %d frames to the decoder (%d dropped), %d analysed, %d of %d plates exact in %.1f s; read %s%n",
                codec, mode, loss * 100, live.rtp().packets(), dropped, live.rtp().lost(), live.rtp().reordered(), live.framesDelivered(), live.framesDropped(),
                analysed[0], exact, labelled.size(), seconds, counts);
        assertEquals(14, labelled.size());
        if (loss == 0) {
            assertTrue(exact >= 12, exact + " exact");
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "no duplicates: " + counts);
        } else {
            // which sampled frames a lost packet spoils depends on arrival timing: 6 to 10 of 14 exact in five runs of 2026-11-29;
            // what must hold is that analysis goes on through the losses to the end, and reads about half of the plates
            assertTrue(analysed[0] >= 30, "the stream keeps being analysed under loss: " + analysed[0] + " frames");
            assertTrue(exact >= 5, "plates are still read under loss: " + exact);
        }
    }

    private static org.vistruct.decoder.LiveTiming timing(LiveVideo live, long maxLagMs) {
        return new org.vistruct.decoder.LiveTiming() {
            @Override
            public long arrivalNanos(long mediaUs) { return live.arrivalNanos(mediaUs); }

            @Override
            public long maxLagMs() { return maxLagMs; }
        };
    }

    /**
     * Analysis slower than real time (an engine throttled to 2 frames/s where 4 are sampled): the
     * stream sheds sampled frames, counted, and stays within the lag instead of falling behind; the
     * frames it analyses carry the media's time, so every plate read lies in its labelled span.
     */
    @Test
    void aStreamAnalysedSlowerThanRealTimeShedsFramesAndKeepsMediaTime(@TempDir Path work) throws Exception {
        Path video = SHARED.resolve("media/video/plates_slideshow_h264.mp4");
        var aus = GbStreamSender.accessUnits(video, false, work).subList(0, 500); // 20 s
        var frames = GbStreamSender.packets(aus, false, 200000002L);
        StreamPipe pipe = new StreamPipe(16 << 20, 5000);
        LiveVideo live = new LiveVideo(200000002L, pipe);
        long maxLagMs = 1000;
        List<long[]> analysedAt = Collections.synchronizedList(new ArrayList<>()); // media offset, lag when analysed
        List<VehiclePass> read = Collections.synchronizedList(new ArrayList<>());
        long[] shed = new long[1];
        Thread analysis = Thread.ofPlatform().start(() -> {
            try {
                while (live.framesDelivered() == 0) Thread.sleep(20);
                try (VideoFileSource src = VideoFileSource.live(pipe, "34020000001310000002", DecodeOptions.defaults(), live.firstArrivalMs(), timing(live, maxLagMs));
                     StreamAnalyzer a = new StreamAnalyzer(models, AnalyzerSettings.defaults(), false, "34020000001310000002", new RecordIds(ZoneId.of("Asia/Shanghai")))) {
                    List<Pass> passes = new ArrayList<>();
                    for (DecodedFrame f; (f = src.next()) != null; ) {
                        long arrived = live.arrivalNanos(f.offsetMs() * 1000); // the slideshow's frames fall on whole milliseconds
                        analysedAt.add(new long[] {f.offsetMs(), arrived < 0 ? -1 : (System.nanoTime() - arrived) / 1_000_000});
                        passes.addAll(a.accept(f));
                        Thread.sleep(500); // the throttled engine
                    }
                    passes.addAll(a.flush());
                    shed[0] = src.framesShed();
                    for (Pass p : passes) if (p instanceof VehiclePass v && !v.provisional() && v.plate() != null && v.plate().valid()) read.add(v);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long t0 = System.nanoTime();
        try (RtpReceiver r = RtpReceiver.udp(loop, "127.0.0.1", 0, live)) {
            GbStreamSender.udp(frames, new InetSocketAddress("127.0.0.1", r.port()), 1.0, 0, 0, new Random(3));
            Thread.sleep(300);
        }
        live.end();
        analysis.join(120_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long worstLag = analysedAt.stream().mapToLong(x -> x[1]).max().orElse(-1);
        Map<String, double[]> spans = new LinkedHashMap<>();
        for (String[] row : Labels.rows("video_plates.csv")) {
            if (row[0].equals(video.getFileName().toString()) && !row[4].equals("-")) spans.put(row[4], new double[] {Double.parseDouble(row[1]), Double.parseDouble(row[2])});
        }
        int inSpan = 0, outOfSpan = 0;
        for (VehiclePass v : read) {
            double[] span = spans.get(v.plate().text());
            if (span == null) continue;
            if (v.offsetMs() >= span[0] * 1000 - 500 && v.offsetMs() <= span[1] * 1000 + 500) inSpan++;
            else {
                outOfSpan++;
                System.out.println("OUT OF SPAN: " + v.plate().text() + " at " + v.offsetMs() + " ms, labelled " + span[0] + "-" + span[1] + " s");
            }
        }
        System.out.printf("slow analysis (2 frames/s for 4 sampled): 20 s of media sent in real time, done %.1f s after the start; %d frames analysed, %d shed; "
                + "worst lag when analysed %d ms (allowed %d); last media offset %d ms; %d plates read in their labelled span, %d outside%n",
                seconds, analysedAt.size(), shed[0], worstLag, maxLagMs, analysedAt.isEmpty() ? -1 : analysedAt.getLast()[0], inSpan, outOfSpan);
        assertTrue(shed[0] > 10, "frames shed, counted: " + shed[0]);
        assertTrue(worstLag >= 0 && worstLag <= maxLagMs + 200, "analysed within the lag: " + worstLag + " ms");
        assertTrue(analysedAt.getLast()[0] > 18_000, "the analysis reached the end of the media, not stuck behind");
        assertTrue(seconds < 25, "done soon after the media ended: " + seconds + " s");
        assertTrue(inSpan >= 5, "plates read under overload: " + inSpan);
        assertEquals(0, outOfSpan, "every record carries the media's time");
    }
}
