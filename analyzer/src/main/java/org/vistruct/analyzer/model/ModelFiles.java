package org.vistruct.analyzer.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds model files: first in the configured directory, then in the shared folder's models, then
 * (for models shipped by a dependency) on the classpath. Every file is checked against the
 * manifest's sha256 before it is used.
 */
public final class ModelFiles {
    private static final Logger log = LoggerFactory.getLogger(ModelFiles.class);
    private final List<Path> searchPath;

    /** @param searchPath directories to look in, first match wins; the first one is where fetch writes */
    public ModelFiles(List<Path> searchPath) {
        if (searchPath.isEmpty()) throw new IllegalArgumentException("no models directory configured");
        this.searchPath = List.copyOf(searchPath);
    }

    public List<Path> searchPath() { return searchPath; }

    /** Where the model's file is, or null when it is in none of the directories. */
    public Path find(ModelManifest m) {
        for (Path dir : searchPath) {
            Path p = dir.resolve(m.file());
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** The model's bytes, verified; a clear {@link ModelException} when missing or corrupt. */
    public byte[] load(ModelManifest m) {
        Path p = find(m);
        byte[] bytes;
        String origin;
        if (p != null) {
            try {
                bytes = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new ModelException("model " + m.name() + ": cannot read " + p + " (" + e.getMessage() + ")", e);
            }
            origin = p.toString();
        } else if (m.classpath() != null && (bytes = classpathBytes(m.classpath())) != null) {
            origin = "classpath:" + m.classpath();
        } else {
            throw new ModelException("model " + m.name() + " is missing: " + m.file() + " is in none of " + searchPath
                    + (m.url() != null ? "; run 'vistruct models fetch' to download it" : "; " + m.note()));
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(m.sha256())) {
            throw new ModelException("model " + m.name() + " at " + origin + " is corrupt: sha256 " + actual + ", expected "
                    + m.sha256() + "; delete it and run 'vistruct models fetch'");
        }
        log.debug("model {} from {}", m.name(), origin);
        return bytes;
    }

    /** Whether the model is present and intact, without loading it into a session. */
    public String status(ModelManifest m) {
        try {
            load(m);
            Path p = find(m);
            return "ok (" + (p != null ? p : "classpath:" + m.classpath()) + ")";
        } catch (ModelException e) {
            return e.getMessage();
        }
    }

    /**
     * Downloads the model into the first search directory unless an intact copy is already found.
     * Returns what was done, in one line.
     */
    public String fetch(ModelManifest m, HttpClient http) throws IOException, InterruptedException {
        try {
            load(m);
            return m.name() + ": present";
        } catch (ModelException missingOrCorrupt) {
            if (m.url() == null) return m.name() + ": cannot be downloaded: " + m.note();
        }
        Path target = searchPath.get(0).resolve(m.file());
        Files.createDirectories(target.getParent());
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(URI.create(m.url())).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new IOException("download from " + m.url() + " failed (" + why + "); copy " + m.file() + " into " + searchPath.get(0) + " by hand", e);
        }
        if (resp.statusCode() / 100 != 2) {
            resp.body().close();
            throw new IOException(m.name() + ": download from " + m.url() + " answered HTTP " + resp.statusCode());
        }
        byte[] bytes;
        try (InputStream in = resp.body()) {
            bytes = m.url().endsWith(".jar") ? jarEntry(in, m.classpath()) : in.readAllBytes();
        }
        if (bytes == null) throw new IOException(m.name() + ": " + m.classpath() + " is not inside " + m.url());
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(m.sha256())) {
            throw new IOException(m.name() + ": downloaded file has sha256 " + actual + ", expected " + m.sha256() + "; not saved");
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return m.name() + ": downloaded to " + target + " (" + bytes.length + " bytes, sha256 ok)";
    }

    private static byte[] jarEntry(InputStream jar, String entry) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(jar)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) if (e.getName().equals(entry)) return zip.readAllBytes();
        }
        return null;
    }

    private static byte[] classpathBytes(String resource) {
        try (InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The usual search path: the configured directory, then the shared folder's models when there is one. */
    public static ModelFiles standard(Path configuredDir, Path sharedDir) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(configuredDir.toAbsolutePath().normalize());
        if (sharedDir != null) dirs.add(sharedDir.resolve("models").toAbsolutePath().normalize());
        return new ModelFiles(dirs);
    }
}
