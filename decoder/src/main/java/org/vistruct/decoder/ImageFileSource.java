package org.vistruct.decoder;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.vistruct.core.BgrImage;

/** A still picture (JPEG, PNG, BMP…) as a one-frame source; its time is the given wall time. */
public final class ImageFileSource implements FrameSource {
    private final Path path;
    private final long wallTimeMs;
    private boolean done;

    public ImageFileSource(Path path, long wallTimeMs) {
        this.path = path;
        this.wallTimeMs = wallTimeMs;
    }

    /**
     * Decodes JPEG/PNG/BMP bytes into BGR; throws with a clear message when they are no picture, or
     * declare more pixels than {@link PictureHeader#MAX_PIXELS} (checked before decoding).
     */
    public static BgrImage decode(byte[] bytes, String name) throws DecodeException {
        PictureHeader.check(bytes, name);
        try (BytePointer buf = new BytePointer(bytes); Mat raw = new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, buf);
             Mat img = imdecode(raw, IMREAD_COLOR)) {
            if (img.empty()) throw new DecodeException(name + ": not a picture vistruct can read (JPEG, PNG, BMP)");
            return BgrMats.toImage(img);
        }
    }

    @Override
    public DecodedFrame next() throws DecodeException {
        if (done) return null;
        done = true;
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > 256L << 20) throw new DecodeException(path + ": " + (size >> 20) + " MB is too large for a picture");
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new DecodeException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        return new DecodedFrame(decode(bytes, path.toString()), 0, wallTimeMs, true);
    }

    @Override public long durationMs() { return 0; }

    @Override public long framesDecoded() { return done ? 1 : 0; }

    @Override public long decodeErrors() { return 0; }

    @Override public String name() { return path.toString(); }

    @Override public void close() {}
}
