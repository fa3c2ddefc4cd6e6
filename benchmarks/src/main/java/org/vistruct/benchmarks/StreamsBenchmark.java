package org.vistruct.benchmarks;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.StreamAnalyzer;
import org.vistruct.analyzer.model.InferenceEngine;
import org.vistruct.analyzer.model.InferenceOptions;
import org.vistruct.analyzer.model.ModelFiles;
import org.vistruct.analyzer.model.OnnxModel;
import org.vistruct.core.RecordIds;
import org.vistruct.core.SharedDirectory;
import org.vistruct.core.StreamPipe;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.LiveTiming;
import org.vistruct.decoder.Sampling;
import org.vistruct.decoder.VideoFileSource;
import org.vistruct.gb28181.media.LiveVideo;
import org.vistruct.gb28181.media.PsDemuxer;
import org.vistruct.gb28181.media.PsMuxer;
import org.vistruct.gb28181.media.RtpPacketizer;
import org.vistruct.gb28181.media.RtpReceiver;

/**
 * How many live 1080p 25 fps streams one node analyses at 4 frames/s, everything on (vehicles,
 * plates, people, faces), without shedding a frame for overload: N cameras send H.264 as PS over
 * RTP on loopback in real time (each starting at another point of the video); the node receives,
 * decodes, samples by media time and analyses each stream on a thread of its own, as a live channel
 * does. A trial passes when no sampled frame was shed (older than the lag allowed when its turn came)
 * and no frame was dropped at the receiver. The number of streams doubles until a trial fails, then
 * the gap is bisected. Two paths on the same media in the same run:
 * <ul>
 *   <li>per-stream: every stream loads its own sessions, the detectors run on every sampled frame and
 *       plates are searched on the whole frame (the path before 2026-12-07);</li>
 *   <li>shared: the node's one session per model, motion gating, plates searched inside vehicle boxes.</li>
 * </ul>
 * Also printed: per-frame latency (arrival to analysed) p50/p99, the share of analysis time inside
 * ONNX Runtime, and the decoder against {@code ffmpeg -threads 1} on the same file.
 *
 * <p>Usage: StreamsBenchmark [dir] [seconds per trial] [most streams] [street|static|both] [per-stream|shared|both]
 */
public final class StreamsBenchmark {
    private static final int FPS = 25;
    private static final long MAX_LAG_MS = 3000; // gb28181.max-lag-ms

    private StreamsBenchmark() {}

    record Trial(String scene, String path, int streams, boolean sustained, long analysed, long gated, long shed, long dropped,
                 double p50Ms, double p99Ms, double onnxShare, long records, int sessions) {
        @Override
        public String toString() {
            return String.format("%-6s %-10s %2d streams: %s; sampled frames analysed %,d (detectors skipped on %,d), shed %d, dropped at the receiver %d; "
                            + "latency p50 %.0f ms p99 %.0f ms; %.0f %% of analysis time in ONNX Runtime; %d records; %d sessions",
                    scene, path, streams, sustained ? "SUSTAINED" : "overloaded", analysed, gated, shed, dropped, p50Ms, p99Ms, 100 * onnxShare, records, sessions);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-out").resolve("streams");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int most = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String which = args.length > 3 ? args[3] : "both";
        String paths = args.length > 4 ? args[4] : "both";
        Path shared = SharedDirectory.require();
        Files.createDirectories(dir);
        List<String> scenes = which.equals("both") ? List.of("street", "static") : List.of(which);
        ModelFiles files = ModelFiles.standard(Path.of("data/models"), shared);
        System.out.printf("streams benchmark: %d s per trial, at most %d streams, %d processors%n", seconds, most, Runtime.getRuntime().availableProcessors());
        List<Trial> results = new ArrayList<>();
        try (InferenceEngine engine = new InferenceEngine(files, InferenceOptions.defaults())) {
            // the decoder first, on a quiet machine (after trials, streams still being torn down disturbed it: 0.69 where it is 0.91-0.97)
            java.util.Map<String, Path> videos = new java.util.LinkedHashMap<>();
            for (String scene : scenes) videos.put(scene, scene.equals("street") ? StreamMedia.street(shared, dir) : StreamMedia.still(shared, dir));
            for (Path video : videos.values()) decodeRatio(video);
            for (String scene : scenes) {
                List<StreamMedia.AccessUnit> aus = StreamMedia.accessUnits(videos.get(scene));
                Trial today = paths.equals("shared") ? null : largest(scene, "per-stream", aus, files, null, seconds, most, 1);
                Trial shared1 = paths.equals("per-stream") ? null : largest(scene, "shared", aus, files, engine, seconds, most, Math.max(1, streamsOf(today)));
                if (today != null || !paths.equals("shared")) results.add(today);
                if (shared1 != null || !paths.equals("per-stream")) results.add(shared1);
                if (paths.equals("both")) {
                    System.out.printf("%s: per-stream path %d streams, shared path %d streams (%.1f×)%n", scene, streamsOf(today), streamsOf(shared1),
                            streamsOf(today) == 0 ? Double.NaN : (double) streamsOf(shared1) / streamsOf(today));
                }
            }
        }
        System.out.println("largest sustained, per scene and path:");
        for (Trial t : results) System.out.println("  " + (t == null ? "none sustained even 1 stream" : t));
        System.out.println("batch sizes formed: 1 (the detectors are exported with a fixed batch of 1; no batching across streams yet)");
        System.exit(0);
    }

    /** Decodes the whole file as a stream is decoded (one thread, only sampled frames converted) against ffmpeg -threads 1. */
    private static void decodeRatio(Path video) throws Exception {
        double ffmpeg = StreamMedia.ffmpegDecodeSeconds(video);
        long t0 = System.nanoTime(), frames = 0;
        try (VideoFileSource src = new VideoFileSource(video.toString(), new DecodeOptions(Sampling.rate(4), "none", 1), 0)) {
            while (src.next() != null) frames++;
            double ours = (System.nanoTime() - t0) / 1e9;
            System.out.printf("decode %s: ffmpeg -threads 1 %.1f s, vistruct's decoder (1 thread, %d of %d frames converted) %.1f s: ratio %.2f%n",
                    video.getFileName(), ffmpeg, frames, src.framesDecoded(), ours, ffmpeg / ours);
        }
    }

    private static int streamsOf(Trial t) { return t == null ? 0 : t.streams(); }

    /** Doubles from {@code from} until a trial fails or {@code most}, then bisects; returns the largest sustained trial. */
    private static Trial largest(String scene, String path, List<StreamMedia.AccessUnit> aus, ModelFiles files, InferenceEngine engine,
                                 int seconds, int most, int from) throws Exception {
        Trial best = null;
        int lo = 0, hi = most + 1, n = Math.min(from, most);
        while (true) {
            Trial t = trial(scene, path, aus, files, engine, n, seconds);
            System.out.println(t);
            if (t.sustained()) {
                best = t;
                lo = n;
            } else {
                hi = n;
            }
            if (hi - lo <= 1) return best;
            n = hi > most ? Math.min(most, n * 2) : (lo + hi) / 2;
            if (n <= lo) return best;
        }
    }

    private static Trial trial(String scene, String path, List<StreamMedia.AccessUnit> aus, ModelFiles files, InferenceEngine engine,
                               int n, int seconds) throws Exception {
        boolean sharedPath = engine != null;
        AnalyzerSettings settings = sharedPath ? AnalyzerSettings.defaults() : AnalyzerSettings.defaults().withFullPassMs(0).withPlatesInVehicles(false);
        DecodeOptions decode = new DecodeOptions(Sampling.rate(4), "none", 1);
        NioEventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-rtp", true));
        List<Stream> streams = new ArrayList<>();
        long onnx0 = OnnxModel.totalInferenceNanos();
        try {
            for (int i = 0; i < n; i++) {
                AnalysisModels models = sharedPath ? new AnalysisModels(engine, settings) : new AnalysisModels(files, InferenceOptions.defaults(), settings);
                streams.add(new Stream(i, loop, models, settings, decode));
            }
            int sessions = OnnxModel.openSessions();
            // every camera starts at another keyframe of the video, so the streams do not analyse the same picture at once
            // (the encoder also puts keyframes at scene cuts: the first keyframe at or after an even share of the video)
            long[] start = new long[n];
            for (int i = 0; i < n; i++) {
                int k = (int) ((long) i * aus.size() / n);
                while (!aus.get(k).keyframe()) k = (k + 1) % aus.size();
                start[i] = k;
            }
            sendForSeconds(streams, aus, start, seconds);
            for (Stream s : streams) s.video.end();
            for (Stream s : streams) s.thread.join(120_000);
            long analysed = 0, gated = 0, shed = 0, dropped = 0, records = 0, inAccept = 0;
            List<Long> latencies = new ArrayList<>();
            for (Stream s : streams) {
                if (s.error != null) throw new IllegalStateException("stream " + s.index + ": " + s.error, s.error);
                analysed += s.analysed;
                gated += s.gated;
                shed += s.shed;
                dropped += s.video.framesDropped();
                records += s.records.get();
                inAccept += s.acceptNanos;
                synchronized (s.latencies) {
                    latencies.addAll(s.latencies);
                }
            }
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double onnxShare = inAccept == 0 ? 0 : (double) (OnnxModel.totalInferenceNanos() - onnx0) / inAccept;
            return new Trial(scene, path, n, shed == 0 && dropped == 0 && analysed > 0, analysed, gated, shed, dropped,
                    pct(l, 0.5) / 1e6, pct(l, 0.99) / 1e6, onnxShare, records, sessions);
        } finally {
            for (Stream s : streams) s.close();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** One sender for every camera: each 40 ms, the next frame of every stream as PS over RTP (UDP on loopback). */
    private static void sendForSeconds(List<Stream> streams, List<StreamMedia.AccessUnit> aus, long[] start, int seconds) throws Exception {
        int n = streams.size();
        PsMuxer[] mux = new PsMuxer[n];
        RtpPacketizer[] rtp = new RtpPacketizer[n];
        for (int i = 0; i < n; i++) {
            mux[i] = new PsMuxer(PsDemuxer.H264);
            rtp[i] = new RtpPacketizer(streams.get(i).ssrc, 1400, 1000 * i);
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSendBufferSize(8 << 20);
            InetSocketAddress[] to = new InetSocketAddress[n];
            for (int i = 0; i < n; i++) to[i] = new InetSocketAddress("127.0.0.1", streams.get(i).receiver.port());
            long frames = (long) seconds * FPS, next = System.nanoTime();
            for (long k = 0; k < frames; k++) {
                for (int i = 0; i < n; i++) {
                    StreamMedia.AccessUnit au = aus.get((int) ((start[i] + k) % aus.size()));
                    for (byte[] p : rtp[i].packets(mux[i].frame(au.data(), au.keyframe(), k * 3600), k * 3600)) {
                        socket.send(new DatagramPacket(p, p.length, to[i]));
                    }
                }
                next += 1_000_000_000L / FPS;
                long wait = next - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }

    /** One live stream on the node: receiver, pipe, decoder, analyser, on a thread of its own. */
    private static final class Stream implements AutoCloseable {
        final int index;
        final long ssrc;
        final StreamPipe pipe = new StreamPipe(16 << 20, 10_000);
        final LiveVideo video;
        final RtpReceiver receiver;
        final AnalysisModels models;
        final Thread thread;
        final List<Long> latencies = new ArrayList<>();
        final AtomicLong records = new AtomicLong();
        volatile long analysed, gated, shed, acceptNanos;
        volatile Exception error;

        Stream(int index, NioEventLoopGroup loop, AnalysisModels models, AnalyzerSettings settings, DecodeOptions decode) throws Exception {
            this.index = index;
            this.ssrc = 100_000 + index;
            this.models = models;
            this.video = new LiveVideo(ssrc, pipe);
            this.receiver = RtpReceiver.udp(loop, "127.0.0.1", 0, video);
            this.thread = Thread.ofPlatform().name("bench-stream-" + index).daemon().start(() -> analyse(settings, decode));
        }

        private void analyse(AnalyzerSettings settings, DecodeOptions decode) {
            LiveTiming timing = new LiveTiming() {
                @Override
                public long arrivalNanos(long mediaUs) { return video.arrivalNanos(mediaUs); }

                @Override
                public long maxLagMs() { return MAX_LAG_MS; }
            };
            try {
                while (video.framesDelivered() == 0) Thread.sleep(5);
                RecordIds ids = new RecordIds(java.time.ZoneId.of("Asia/Shanghai"));
                try (VideoFileSource src = VideoFileSource.live(pipe, "camera " + index, decode, video.firstArrivalMs(), timing);
                     StreamAnalyzer analyzer = new StreamAnalyzer(models, settings, false, String.format("34020000001320%06d", index), ids)) {
                    for (DecodedFrame f; (f = src.next()) != null; ) {
                        long t0 = System.nanoTime();
                        records.addAndGet(analyzer.accept(f).stream().filter(p -> !p.provisional()).count());
                        long done = System.nanoTime();
                        acceptNanos += done - t0;
                        long arrived = video.arrivalNanos(f.offsetMs() * 1000);
                        if (arrived > 0) {
                            synchronized (latencies) {
                                latencies.add(done - arrived);
                            }
                        }
                        analysed = analyzer.framesAnalysed();
                        gated = analyzer.framesGated();
                        shed = src.framesShed();
                    }
                    records.addAndGet(analyzer.flush().size());
                    shed = src.framesShed();
                }
            } catch (Exception e) {
                error = e;
            }
        }

        @Override
        public void close() {
            receiver.close();
            pipe.close();
            models.close();
        }
    }
}
