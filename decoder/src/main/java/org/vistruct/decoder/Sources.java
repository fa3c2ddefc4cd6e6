package org.vistruct.decoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Opens a path or URL as the right kind of {@link FrameSource}. */
public final class Sources {
    private static final Set<String> PICTURE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private Sources() {}

    public static boolean isPicture(Path path) {
        String n = path.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && PICTURE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** A frame source for a picture file, a video file or a URL; the message names the source when it fails. */
    public static FrameSource open(String pathOrUrl, DecodeOptions options, long startWallMs) throws DecodeException {
        if (pathOrUrl.contains("://")) return new VideoFileSource(pathOrUrl, options, startWallMs);
        Path path = Path.of(pathOrUrl);
        if (!Files.exists(path)) throw new DecodeException(pathOrUrl + ": no such file");
        if (!Files.isReadable(path) || Files.isDirectory(path)) throw new DecodeException(pathOrUrl + ": cannot read it");
        if (isPicture(path)) return new ImageFileSource(path, startWallMs);
        return new VideoFileSource(path.toString(), options, startWallMs);
    }
}
