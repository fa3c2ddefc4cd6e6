package org.vistruct.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vistruct.gb28181.media.NalUnits;

/**
 * The 1080p 25 fps videos of the streams benchmark, made from the shared media with ffmpeg (the
 * commands are printed and repeatable), and their H.264 access units as a camera sends them.
 * Encoded as cameras do: H.264, a keyframe every 2 s, no B-frames, 4 Mbit/s.
 */
final class StreamMedia {
    private StreamMedia() {}

    record AccessUnit(byte[] data, boolean keyframe) {}

    private static final List<String> CAMERA = List.of("-an", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-bf", "0",
            "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M", "-pix_fmt", "yuv420p");

    /**
     * (a) A street with traffic, 120 s: the Intel car video (cars passing, seen from above), the plate
     * slideshow (a vehicle with a plate every 2 s) and 58 s of the Intel people video, each scaled to 1920×1080.
     */
    static Path street(Path shared, Path dir) throws Exception {
        Path out = dir.resolve("street_1080p.mp4");
        Path v = shared.resolve("media/video");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y",
                "-i", v.resolve("intel_car-detection.mp4").toString(),
                "-i", v.resolve("plates_slideshow_h264.mp4").toString(),
                "-i", v.resolve("intel_one-by-one-person-detection.mp4").toString(),
                "-filter_complex", "[0:v]fps=25,scale=1920:1080,setsar=1[a];[1:v]fps=25,scale=1920:1080,setsar=1[b];"
                        + "[2:v]trim=0:58,setpts=PTS-STARTPTS,fps=25,scale=1920:1080,setsar=1[c];[a][b][c]concat=n=3:v=1[v]",
                "-map", "[v]"));
        cmd.addAll(CAMERA);
        cmd.add(out.toString());
        return make(out, cmd);
    }

    /**
     * (b) A scene static most of the time, 120 s: the HyperLPR 1080p street photo (parked cars, a
     * motorbike) with sensor noise, and for 4 s of every 30 the plate slideshow playing in a 640×360
     * corner (vehicles arrive, stop, leave).
     */
    static Path still(Path shared, Path dir) throws Exception {
        Path out = dir.resolve("static_1080p.mp4");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y",
                "-loop", "1", "-framerate", "25", "-i", shared.resolve("media/plates/hyperlpr/hyperlpr_test_img.jpg").toString(),
                "-stream_loop", "-1", "-i", shared.resolve("media/video/plates_slideshow_h264.mp4").toString(),
                "-filter_complex", "[0:v]format=yuv420p,noise=alls=6:allf=t[bg];[1:v]fps=25,scale=640:360[car];"
                        + "[bg][car]overlay=x=1200:y=620:enable='lt(mod(t,30),4)'[v]",
                "-map", "[v]", "-t", "120"));
        cmd.addAll(CAMERA);
        cmd.add(out.toString());
        return make(out, cmd);
    }

    private static Path make(Path out, List<String> cmd) throws Exception {
        if (Files.exists(out)) return out;
        Files.createDirectories(out.getParent());
        System.out.println("making " + out.getFileName() + ": " + String.join(" ", cmd));
        Path partial = out.resolveSibling(out.getFileName() + ".partial.mp4");
        cmd.set(cmd.size() - 1, partial.toString());
        run(cmd, 600);
        Files.move(partial, out);
        return out;
    }

    /** The video's access units (Annex B, an access unit delimiter before each), as a camera's encoder emits them. */
    static List<AccessUnit> accessUnits(Path video) throws Exception {
        Path es = video.resolveSibling(video.getFileName() + ".h264");
        if (!Files.exists(es)) {
            run(List.of("ffmpeg", "-v", "error", "-y", "-i", video.toString(), "-an", "-c:v", "copy",
                    "-bsf:v", "h264_mp4toannexb,h264_metadata=aud=insert", "-f", "h264", es.toString()), 120);
        }
        List<AccessUnit> aus = new ArrayList<>();
        for (byte[] au : NalUnits.accessUnits(Files.readAllBytes(es), false)) aus.add(new AccessUnit(au, NalUnits.isKeyframe(au, false)));
        return aus;
    }

    /** Seconds that {@code ffmpeg -threads 1} takes to decode every frame of the video (the decode baseline). */
    static double ffmpegDecodeSeconds(Path video) throws Exception {
        long t0 = System.nanoTime();
        run(List.of("ffmpeg", "-v", "error", "-threads", "1", "-i", video.toString(), "-an", "-f", "null", "-"), 600);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void run(List<String> cmd, int timeoutS) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("ffmpeg took over " + timeoutS + " s: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) throw new IllegalStateException("ffmpeg failed (" + p.exitValue() + "): " + String.join(" ", cmd));
    }
}
