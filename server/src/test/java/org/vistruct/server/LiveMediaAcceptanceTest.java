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
                try (VideoFileSource src = VideoFileSource.live(pipe, live.codec(), "34020000001310000001", DecodeOptions.defaults(), System.currentTimeMillis());
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
}
