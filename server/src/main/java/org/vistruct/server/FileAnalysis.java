package org.vistruct.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.analyzer.AnalysisModels;
import org.vistruct.analyzer.AnalyzerSettings;
import org.vistruct.analyzer.StreamAnalyzer;
import org.vistruct.analyzer.Pass;
import org.vistruct.decoder.DecodeException;
import org.vistruct.decoder.DecodeOptions;
import org.vistruct.decoder.DecodedFrame;
import org.vistruct.decoder.FrameSource;
import org.vistruct.decoder.Sources;
import org.vistruct.decoder.VideoFileSource;
import org.vistruct.core.RecordIds;

/**
 * Analyses case files: videos (one decode thread feeding the analysis through a small bounded
 * queue, so a file never races ahead of the models) and pictures (each one a still). A file that
 * cannot be read is reported and skipped; the others go on.
 */
public final class FileAnalysis {
    private static final Logger log = LoggerFactory.getLogger(FileAnalysis.class);
    private static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "mkv", "avi", "mov", "ts", "m2ts", "flv", "ps", "mpg",
            "mpeg", "h264", "264", "h265", "265", "hevc", "dav", "webm", "3gp", "wmv");
    private static final int QUEUE_FRAMES = 4;

    /** What a run did. */
    public record Summary(long framesDecoded, long framesAnalysed, long recordsWritten, long recordsSpooled, long elapsedMs,
                          List<String> failures, List<String> warnings) {}

    /**
     * Where an interrupted run can resume as if it had never stopped: the source (index in the expanded
     * list of inputs), the offset of a frame after which no object was being followed (everything
     * before it is written), and the record-id sequence there.
     */
    public record Checkpoint(int source, long offsetMs, int idSequence) {}

    /** Told about progress through one source. */
    public interface Progress {
        /** Tells nobody. */
        Progress NONE = new Progress() {
            @Override public void started(String source, long durationMs) {}

            @Override public void advanced(long positionMs, long framesAnalysed, long records) {}

            @Override public void finished(String source) {}
        };

        void started(String source, long durationMs);

        void advanced(long positionMs, long framesAnalysed, long records);

        void finished(String source);

        /** A point the run could resume from (each source's end, and quiet moments inside a video). */
        default void checkpoint(Checkpoint c) {}
    }

    private final AnalysisModels models;
    private final AnalyzerSettings settings;
    private final DecodeOptions decodeOptions;
    private final RecordSink sink;
    private volatile boolean cancelled;

    public FileAnalysis(AnalysisModels models, AnalyzerSettings settings, DecodeOptions decodeOptions, RecordSink sink) {
        this.models = models;
        this.settings = settings;
        this.decodeOptions = decodeOptions;
        this.sink = sink;
    }

    private boolean realtime;
    private RecordIds ids;
    private Checkpoint resumeFrom;

    /** The ids records get (default: the sink's); a job's own, so that a resumed run gives the same ids again. */
    public FileAnalysis ids(RecordIds ids) {
        this.ids = ids;
        return this;
    }

    /**
     * Resumes an interrupted run: sources before the checkpoint's are skipped, its video continues
     * after the checkpoint's frame, and records the first run already wrote in their final form are
     * not written again (so what was acknowledged stays as it was).
     */
    public FileAnalysis resumeFrom(Checkpoint c) {
        this.resumeFrom = c;
        return this;
    }

    /**
     * Feeds video frames at their own pace, as a camera would send them, instead of as fast as the
     * models go: to rehearse live analysis and watch lists on a recording (the frames are stamped with
     * the wall clock when no start time is given), and to measure alert latency.
     */
    public FileAnalysis realtime(boolean on) {
        this.realtime = on;
        return this;
    }

    /** Stops after the current frame; what was written stays written. */
    public void cancel() { cancelled = true; }

    /**
     * @param startWallMs wall-clock time of the start of each video (and the time of every picture), or
     *                    null for "now" for videos and the file's modification time for pictures
     */
    public Summary run(List<String> inputs, String deviceId, Long startWallMs, Progress progress) {
        long t0 = System.currentTimeMillis();
        long decoded = 0, analysed = 0, before = sink.written(), spooledBefore = sink.spooled();
        List<String> failures = new ArrayList<>(), warnings = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String in : inputs) {
            try {
                sources.addAll(expand(in));
            } catch (IOException e) {
                failures.add(in + ": " + e.getMessage());
            }
        }
        RecordIds recordIds = ids != null ? ids : sink.ids();
        for (int i = 0; i < sources.size(); i++) {
            String source = sources.get(i);
            if (cancelled) break;
            if (resumeFrom != null && i < resumeFrom.source()) continue;
            long start = startWallMs != null ? startWallMs : defaultStart(source);
            try (FrameSource src = Sources.open(source, decodeOptions, start)) {
                boolean still = !source.contains("://") && Sources.isPicture(Path.of(source));
                if (resumeFrom != null && i == resumeFrom.source() && src instanceof VideoFileSource v) v.resumeAfter(resumeFrom.offsetMs());
                Outcome o = analyse(src, i, deviceId, still, recordIds, progress);
                if (!src.damage().isEmpty()) warnings.add(damageReport(src));
                if (!cancelled) progress.checkpoint(new Checkpoint(i + 1, 0, recordIds.nextSequence()));
                decoded += o.framesDecoded();
                analysed += o.framesAnalysed();
                if (o.error() != null) {
                    failures.add(o.error().getMessage() + " (the records before it are kept)");
                    log.info("{}", o.error().getMessage());
                }
            } catch (DecodeException e) {
                failures.add(e.getMessage());
                log.info("{}", e.getMessage()); // the caller reports failures
            } catch (IOException e) {
                failures.add(source + ": " + e.getMessage());
                log.info("{}: {}", source, e.getMessage());
            }
        }
        try {
            sink.commit();
        } catch (IOException e) {
            failures.add("index commit failed: " + e.getMessage());
        }
        long spooled = sink.spooled() - spooledBefore;
        if (spooled > 0) warnings.add(spooled + " records wait in the spool for the object store; they are stored when it answers");
        return new Summary(decoded, analysed, sink.written() - before, spooled, System.currentTimeMillis() - t0, failures, warnings);
    }

    /** "f.mp4: 37 frames could not be decoded, at 12.4-14.0 s, 20.1-20.9 s (records there may be missing)". */
    private static String damageReport(FrameSource src) {
        int lost = src.damage().stream().mapToInt(FrameSource.Damage::framesLost).sum();
        StringBuilder spans = new StringBuilder();
        for (FrameSource.Damage d : src.damage().subList(0, Math.min(10, src.damage().size()))) {
            if (!spans.isEmpty()) spans.append(", ");
            spans.append(String.format(java.util.Locale.ROOT, "%.1f-%.1f s", d.fromMs() / 1000.0, d.toMs() / 1000.0));
        }
        if (src.damage().size() > 10) spans.append(", …");
        return src.name() + ": " + lost + " frames could not be decoded, at " + spans + " (objects there may be missing from the records)";
    }

    private static long defaultStart(String source) {
        try {
            if (!source.contains("://") && Sources.isPicture(Path.of(source))) return Files.getLastModifiedTime(Path.of(source)).toMillis();
        } catch (IOException ignored) {
            // fall through to now
        }
        return System.currentTimeMillis();
    }

    /** What one source gave; error is set when decoding broke off after some frames. */
    private record Outcome(long framesDecoded, long framesAnalysed, DecodeException error) {}

    private Outcome analyse(FrameSource src, int sourceNo, String deviceId, boolean still, RecordIds recordIds, Progress progress) throws IOException {
        progress.started(src.name(), src.durationMs());
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
        Object end = new Object();
        Thread decoder = Thread.ofPlatform().name("decode-" + Path.of(src.name()).getFileName()).start(() -> {
            try {
                long t0 = System.currentTimeMillis();
                for (DecodedFrame f; !cancelled && (f = src.next()) != null; ) {
                    if (realtime && !still) {
                        long wait = t0 + f.offsetMs() - System.currentTimeMillis();
                        if (wait > 0) Thread.sleep(wait);
                    }
                    queue.put(f);
                }
                queue.put(end);
            } catch (DecodeException e) {
                putQuietly(queue, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DecodeException error = null;
        long previousOffset = -1;
        try (StreamAnalyzer analyzer = new StreamAnalyzer(models, settings, still, deviceId, recordIds)) {
            while (true) {
                Object item;
                try {
                    item = queue.poll(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                    break;
                }
                if (item == null) throw new DecodeException(src.name() + ": no frame decoded for 60 s");
                if (item == end) break;
                if (item instanceof DecodeException e) {
                    if (analyzer.framesAnalysed() == 0) throw e;
                    error = e;
                    break;
                }
                DecodedFrame f = (DecodedFrame) item;
                int seqBefore = recordIds.nextSequence();
                write(analyzer.accept(f), deviceId, src.name());
                progress.advanced(f.offsetMs(), analyzer.framesAnalysed(), sink.written());
                if (!still && analyzer.quiet()) {
                    progress.checkpoint(new Checkpoint(sourceNo, f.offsetMs(), recordIds.nextSequence()));
                } else if (!still && analyzer.lastFrameWasCut() && previousOffset >= 0) {
                    // a cut ended every earlier track: resuming at this frame, with the ids it started from, is as good as never stopping
                    progress.checkpoint(new Checkpoint(sourceNo, previousOffset, seqBefore));
                }
                previousOffset = f.offsetMs();
                if (cancelled) break;
            }
            write(analyzer.flush(), deviceId, src.name());
            progress.advanced(Math.max(0, src.durationMs()), analyzer.framesAnalysed(), sink.written());
            return new Outcome(src.framesDecoded(), analyzer.framesAnalysed(), error);
        } finally {
            decoder.interrupt();
            try {
                decoder.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.finished(src.name());
        }
    }

    private void write(List<Pass> passes, String deviceId, String source) throws IOException {
        String file = source.contains("://") ? source : Path.of(source).toAbsolutePath().normalize().toString();
        for (Pass p : passes) {
            if (resumeFrom != null && sink.isFinal(p.id())) continue; // written in its final form before the interruption: it stays as acknowledged
            sink.write(p, deviceId, file);
        }
    }

    private static void putQuietly(BlockingQueue<Object> q, Object o) {
        try {
            q.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file as itself; a folder as its pictures and videos, in name order. */
    static List<String> expand(String input) throws IOException {
        if (input.contains("://")) return List.of(input);
        Path p = Path.of(input);
        if (!Files.isDirectory(p)) return List.of(input);
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).filter(f -> Sources.isPicture(f) || isVideo(f)).sorted().map(Path::toString).toList();
        }
    }

    private static boolean isVideo(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
