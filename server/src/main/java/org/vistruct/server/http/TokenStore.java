package org.vistruct.server.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Bearer tokens with roles, kept hashed (SHA-256) in a file: a token is {@code vst_<id>_<secret>},
 * only the id and the secret's hash are stored, so a stolen file gives no working token.
 */
public final class TokenStore {
    /** Who is calling, once the token checked out. */
    public record Caller(String name, Role role) {}

    record Entry(String id, String name, String role, String sha256, long created) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path file;
    private List<Entry> entries = new ArrayList<>();
    private long loadedModified = -1;

    public TokenStore(Path file) throws IOException {
        this.file = file;
        reloadIfChanged();
    }

    /** Tokens made by `vistruct token` while a server runs take effect at once: the file is re-read when it changed. */
    private void reloadIfChanged() throws IOException {
        long modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : -1;
        if (modified == loadedModified) return;
        entries = modified < 0 ? new ArrayList<>() : new ArrayList<>(JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {}));
        loadedModified = modified;
    }

    public synchronized boolean isEmpty() { return entries.isEmpty(); }

    /** Makes a token, stores its hash, and returns the token itself (shown once, never again). */
    public synchronized String create(String name, Role role) throws IOException {
        reloadIfChanged();
        if (!name.matches("[\\p{L}\\p{N}_.@-]{1,64}")) throw new IllegalArgumentException("token name must be 1-64 letters, digits, _ . @ -");
        byte[] id = new byte[4], secret = new byte[24];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String idHex = HexFormat.of().formatHex(id), secretHex = HexFormat.of().formatHex(secret);
        entries.add(new Entry(idHex, name, role.name(), sha256(secretHex), System.currentTimeMillis()));
        save();
        return "vst_" + idHex + "_" + secretHex;
    }

    /** The caller a token belongs to, or null when it is unknown or wrong. */
    public synchronized Caller check(String token) {
        if (token == null || !token.matches("vst_[0-9a-f]{8}_[0-9a-f]{48}")) return null;
        try {
            reloadIfChanged();
        } catch (IOException e) {
            return null; // an unreadable token file admits nobody
        }
        String id = token.substring(4, 12), secretHash = sha256(token.substring(13));
        for (Entry e : entries) {
            if (e.id().equals(id) && MessageDigest.isEqual(e.sha256().getBytes(StandardCharsets.US_ASCII), secretHash.getBytes(StandardCharsets.US_ASCII))) {
                return new Caller(e.name(), Role.valueOf(e.role()));
            }
        }
        return null;
    }

    private void save() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), entries);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        loadedModified = Files.getLastModifiedTime(file).toMillis();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
