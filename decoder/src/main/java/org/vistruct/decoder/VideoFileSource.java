package org.vistruct.decoder;

import java.util.List;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.BgrImage;

/**
 * Any FFmpeg-readable file or URL. Every frame is decoded, but only the frames the
 * {@link FrameSampler} wants are converted to BGR; in keyframes mode the decoder itself skips
 * everything but keyframes.
 */
public final class VideoFileSource implements FrameSource {
    private static final Logger log = LoggerFactory.getLogger(VideoFileSource.class);
    private static final AtomicBoolean cudaWarned = new AtomicBoolean();
    private static final int MAX_CONSECUTIVE_ERRORS = 50;

    static {
        FfmpegLog.install();
    }

    private final String name;
    private final FFmpegFrameGrabber grabber;
    private final FrameSampler sampler;
    private final long startWallMs;
    private final long durationMs;
    private final double frameIntervalUs;
    private long lastTimestampUs = -1;
    private final boolean keyframesOnly;
    /** A live stream: PS with media timestamps from its first frame (see LiveTiming), never sought. */
    private final boolean live;
    private final LiveTiming timing;
    private long shed;
    /** The file's first timestamp (µs): offsets count from it (a camera's PS file may start at 4,400 s). */
    private final long originUs;
    private long maxGapUs;
    private long decoded;
    private long errors;

    /**
     * Opens the source; fails with a message naming it when FFmpeg cannot read it or it has no video.
     *
     * @param startWallMs wall-clock time of the source's first frame (UTC ms)
     */
    public VideoFileSource(String pathOrUrl, DecodeOptions options, long startWallMs) throws DecodeException {
        this(pathOrUrl, open(pathOrUrl, options), options, startWallMs, null);
    }

    private VideoFileSource(String name, FFmpegFrameGrabber started, DecodeOptions options, long startWallMs, LiveTiming timing) {
        this.name = name;
        this.live = timing != null;
        this.timing = timing;
        this.startWallMs = startWallMs;
        this.sampler = new FrameSampler(options.sampling());
        this.keyframesOnly = options.sampling().mode() == Sampling.Mode.KEYFRAMES;
        this.grabber = started;
        this.originUs = live ? LIVE_ORIGIN_US : origin(started);
        long lengthUs = grabber.getLengthInTime();
        this.durationMs = lengthUs > 0 ? lengthUs / 1000 : -1;
        double fps = grabber.getFrameRate();
        this.frameIntervalUs = fps > 0 && fps < 1000 ? 1_000_000.0 / fps : 40_000;
    }

    /**
     * A live stream read from a pipe, e.g. a GB/T 28181 channel: MPEG-2 PS whose timestamps count
     * from {@link #LIVE_ORIGIN_US} at its first frame (the receiver re-muxes with the media's time).
     * Frames are sampled by media time; a sampled frame that arrived more than the timing's lag ago
     * is shed. Probing is kept small so the first frames come quickly. Decoded on the CPU; see the
     * overload that takes the codec for NVDEC.
     *
     * @param name        what messages call the stream, e.g. the channel id
     * @param startWallMs wall-clock time at which the first frame arrived (UTC ms)
     */
    public static VideoFileSource live(java.io.InputStream in, String name, DecodeOptions options, long startWallMs, LiveTiming timing) throws DecodeException {
        return live(in, name, options, startWallMs, timing, null);
    }

    /**
     * A live stream as above; with {@code decoder.hwaccel=cuda} and the codec known from the stream's
     * PSM ("h264" or "hevc"), decoded by NVDEC (FFmpeg's cuvid decoder) without probing first. The
     * source is read once: the bytes NVDEC's start reads are kept (up to {@link #NVDEC_START_BYTES})
     * and read again by the CPU decoder when NVDEC cannot start.
     */
    public static VideoFileSource live(java.io.InputStream in, String name, DecodeOptions options, long startWallMs, LiveTiming timing, String codec)
            throws DecodeException {
        String cuvid = options.hwaccel().equals("cuda") ? cuvidDecoder(codec) : null;
        if (cuvid != null) {
            java.io.BufferedInputStream kept = new java.io.BufferedInputStream(in, 64 * 1024);
            FFmpegFrameGrabber g = liveGrabber(kept, options, NVDEC_START_BYTES);
            g.setVideoCodecName(cuvid);
            g.setCloseInputStream(false); // a failed start must leave the pipe open for the CPU decoder
            try {
                g.start();
                log.info("{}: decoding {} on the GPU with {}", name, codec, cuvid);
                return new VideoFileSource(name, g, options, startWallMs, timing);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                closeQuietly(g); // rewinds the kept bytes (javacv marks the stream at start and resets it on release)
                if (cudaWarned.compareAndSet(false, true)) {
                    log.warn("decoder.hwaccel=cuda but NVDEC is not usable here ({}); decoding on the CPU", FfmpegLog.describe(e.getMessage()));
                }
                in = kept;
            }
        }
        FFmpegFrameGrabber g = liveGrabber(in, options, 0);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new DecodeException(name + ": no decodable video arrived (" + FfmpegLog.describe(e.getMessage()) + ")", e);
        }
        return new VideoFileSource(name, g, options, startWallMs, timing);
    }

    /** What an NVDEC start may read before the CPU decoder would have to take over without it. */
    static final int NVDEC_START_BYTES = 4 << 20;

    private static FFmpegFrameGrabber liveGrabber(java.io.InputStream in, DecodeOptions options, int markBytes) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(in, markBytes);
        g.setFormat("mpeg");
        g.setOption("probesize", "262144");
        g.setOption("analyzeduration", "1000000");
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (options.threads() > 0) g.setVideoOption("threads", Integer.toString(options.threads()));
        if (options.sampling().mode() == Sampling.Mode.KEYFRAMES) g.setVideoOption("skip_frame", "nokey");
        return g;
    }

    /** FFmpeg's NVDEC decoder for a codec, or null when there is none (or this FFmpeg was built without it). */
    private static String cuvidDecoder(String codec) {
        String name = codec == null ? null : switch (codec) {
            case "h264" -> "h264_cuvid";
            case "hevc" -> "hevc_cuvid";
            default -> null;
        };
        return name != null && org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name(name) != null ? name : null;
    }

    /** The timestamp a live stream's first frame has (so that frames presented before it, B-frames, stay positive). */
    public static final long LIVE_ORIGIN_US = 1_000_000;

    private static FFmpegFrameGrabber open(String source, DecodeOptions options) throws DecodeException {
        if (options.hwaccel().equals("cuda")) {
            String codec = probeCodec(source, options);
            String cuvid = switch (codec) {
                case "h264" -> "h264_cuvid";
                case "hevc" -> "hevc_cuvid";
                default -> null;
            };
            if (cuvid != null) {
                try {
                    FFmpegFrameGrabber g = configured(source, options);
                    g.setVideoCodecName(cuvid);
                    g.start();
                    log.info("{}: decoding {} on the GPU with {}", source, codec, cuvid);
                    return g;
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    if (cudaWarned.compareAndSet(false, true)) {
                        log.warn("decoder.hwaccel=cuda but NVDEC is not usable here ({}); decoding on the CPU", e.getMessage());
                    }
                }
            } else if (cudaWarned.compareAndSet(false, true)) {
                log.warn("decoder.hwaccel=cuda: no NVDEC decoder for codec {}; decoding on the CPU", codec);
            }
        }
        FFmpegFrameGrabber g = configured(source, options);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new DecodeException(source + ": not a readable video, truncated or of another kind (FFmpeg: "
                    + FfmpegLog.describe(e.getMessage()) + ")", e);
        }
        if (g.getVideoStream() < 0 || g.getImageWidth() <= 0) {
            closeQuietly(g);
            throw new DecodeException(source + ": no video stream in it");
        }
        return g;
    }

    private static String probeCodec(String source, DecodeOptions options) throws DecodeException {
        FFmpegFrameGrabber g = configured(source, options);
        try {
            g.start();
            return g.getVideoCodecName() == null ? "" : g.getVideoCodecName();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new DecodeException(source + ": not a readable video (FFmpeg: " + FfmpegLog.describe(e.getMessage()) + ")", e);
        } finally {
            closeQuietly(g);
        }
    }

    private static FFmpegFrameGrabber configured(String source, DecodeOptions options) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (options.threads() > 0) g.setVideoOption("threads", Integer.toString(options.threads()));
        if (options.sampling().mode() == Sampling.Mode.KEYFRAMES) g.setVideoOption("skip_frame", "nokey");
        if (source.contains("://")) g.setOption("rw_timeout", "10000000"); // network sources: give up after 10 s of silence
        return g;
    }

    /** The container's start time in µs (0 when it does not say); FFmpeg's seeks already count from it. */
    private static long origin(FFmpegFrameGrabber g) {
        var fc = g.getFormatContext();
        long start = fc == null ? avutil.AV_NOPTS_VALUE : fc.start_time();
        return start == avutil.AV_NOPTS_VALUE || start < 0 ? 0 : start;
    }

    /**
     * Continues after the frame at {@code offsetMs} as if every frame up to it had been read: the
     * file is sought there and the sampler takes the next frame it would have taken (a job resumed
     * from a checkpoint analyses the same frames it would have).
     */
    public void resumeAfter(long offsetMs) throws DecodeException {
        if (live || offsetMs <= 0) return;
        long us = offsetMs * 1000;
        try {
            grabber.setTimestamp(Math.max(0, us - 1_000_000)); // a second before: the frames up to the mark are then read and skipped
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new DecodeException(name + ": cannot seek to " + offsetMs + " ms to resume (" + e.getMessage() + ")", e);
        }
        sampler.taken(us);
        lastTimestampUs = us;
        skipThroughUs = us;
    }

    /** Frames at or before this timestamp are read and dropped (the part before a resume point). */
    private long skipThroughUs = Long.MIN_VALUE;

    @Override
    public DecodedFrame next() throws DecodeException {
        int consecutiveErrors = 0;
        while (true) {
            long predictedUs = lastTimestampUs < 0 ? 0 : Math.round(lastTimestampUs + frameIntervalUs);
            boolean convert = sampler.wants(predictedUs);
            Frame frame;
            try {
                frame = grabber.grabFrame(false, true, convert, false, false);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                errors++;
                if (damageFromUs < 0) damageFromUs = Math.max(0, lastTimestampUs);
                if (++consecutiveErrors > MAX_CONSECUTIVE_ERRORS) {
                    throw new DecodeException(name + ": decoding failed " + consecutiveErrors + " times in a row (" + e.getMessage() + ")", e);
                }
                continue;
            }
            if (frame == null) {
                checkComplete();
                return null;
            }
            // only video is asked for, so every frame is a decoded picture; its pixels are there only when converted
            decoded++;
            long timestampUs = frame.timestamp - originUs;
            if (timestampUs <= skipThroughUs) continue;
            if (!live) noteDamage(timestampUs);
            if (lastTimestampUs >= 0) maxGapUs = Math.max(maxGapUs, timestampUs - lastTimestampUs);
            lastTimestampUs = timestampUs;
            if (!convert || frame.image == null) continue;
            sampler.taken(timestampUs);
            if (live && late(timestampUs)) {
                shed++; // analysing it would only add to the lag: the next sampled frame is tried instead
                continue;
            }
            long offsetMs = Math.max(0, timestampUs / 1000);
            return new DecodedFrame(toImage(frame), offsetMs, startWallMs + offsetMs, frame.keyFrame);
        }
    }

    /** Whether a live frame arrived longer ago than the lag allowed. */
    private boolean late(long mediaUs) {
        long arrived = timing.arrivalNanos(mediaUs);
        return arrived > 0 && (System.nanoTime() - arrived) / 1_000_000 > timing.maxLagMs();
    }

    /** Sampled live frames shed because they arrived too long ago (the analysis was behind). */
    public long framesShed() { return shed; }

    /**
     * A file that stops well before the duration its container declares was cut short. "Well" is
     * more than 1.5 s, 3 frames, and 1.5 times the largest gap between decoded frames (a GOP when
     * only keyframes are decoded).
     */
    private void checkComplete() throws DecodeException {
        if (durationMs <= 0 || name.contains("://")) return;
        long endMs = lastTimestampUs < 0 ? 0 : lastTimestampUs / 1000;
        double toleranceMs = Math.max(Math.max(1500, 3 * frameIntervalUs / 1000), 1.5 * maxGapUs / 1000);
        if (endMs + toleranceMs < durationMs) {
            throw new DecodeException(String.format("%s: truncated: decoding stopped at %.1f s of %.1f s", name, endMs / 1000.0, durationMs / 1000.0));
        }
    }

    private static BgrImage toImage(Frame frame) {
        int w = frame.imageWidth, h = frame.imageHeight, rowBytes = w * 3;
        ByteBuffer buf = ((ByteBuffer) frame.image[0]).duplicate();
        int stride = frame.imageStride; // in bytes for 8-bit images
        byte[] data = new byte[rowBytes * h];
        if (stride == rowBytes) {
            buf.position(0);
            buf.get(data, 0, data.length);
        } else {
            for (int y = 0; y < h; y++) {
                buf.position(y * stride);
                buf.get(data, y * rowBytes, rowBytes);
            }
        }
        return new BgrImage(w, h, data);
    }

    /** Closes a span of failed reads, or opens and closes one where frames are missing between two decoded ones. */
    private void noteDamage(long timestampUs) {
        if (lastTimestampUs < 0 && damageFromUs < 0) return;
        long from = damageFromUs >= 0 ? damageFromUs : lastTimestampUs;
        long gap = timestampUs - Math.max(0, lastTimestampUs);
        // keyframes-only decoding skips frames on purpose: only failures count there
        boolean missing = !keyframesOnly && lastTimestampUs >= 0 && gap > 2.5 * frameIntervalUs;
        if (damageFromUs >= 0 || missing) {
            int lost = (int) Math.max(damageFromUs >= 0 ? 1 : 0, Math.round(gap / frameIntervalUs) - 1);
            damage.add(new Damage(from / 1000, timestampUs / 1000, lost));
            damageFromUs = -1;
        }
    }

    /** Where the source was damaged: frames that could not be decoded between two that could. */
    @Override
    public List<Damage> damage() { return List.copyOf(damage); }

    private final List<Damage> damage = new java.util.ArrayList<>();
    private long damageFromUs = -1;

    @Override public long durationMs() { return durationMs; }

    @Override public long framesDecoded() { return decoded; }

    @Override public long decodeErrors() { return errors; }

    @Override public String name() { return name; }

    public String codecName() { return grabber.getVideoCodecName(); }

    @Override
    public void close() { closeQuietly(grabber); }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (Exception e) {
            log.debug("closing grabber", e);
        }
    }
}
