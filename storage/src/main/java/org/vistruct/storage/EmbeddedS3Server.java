package org.vistruct.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The default object store: S3Proxy with a filesystem backend under the data directory, serving
 * the S3 API on a loopback port, so the same minio-java code runs with or without a real MinIO.
 * Its keys are generated once and kept (owner-readable only) in the data directory.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String accessKey, secretKey;

    public EmbeddedS3Server(Path objectsDir) throws IOException {
        Files.createDirectories(objectsDir);
        String[] keys = credentials(objectsDir.resolveSibling("objects.credentials"));
        this.accessKey = keys[0];
        this.secretKey = keys[1];
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", objectsDir.toAbsolutePath().toString());
        this.context = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
        this.proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        try {
            proxy.start();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.currentTimeMillis() > deadline) throw new IOException("embedded S3 server did not start within 15 s");
                Thread.sleep(5);
            }
        } catch (IOException e) {
            context.close();
            throw e;
        } catch (Exception e) {
            context.close();
            throw new IOException("embedded S3 server cannot start: " + e.getMessage(), e);
        }
    }

    private static String[] credentials(Path file) throws IOException {
        if (Files.exists(file)) {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).trim().split("\n");
            if (lines.length == 2) return lines;
        }
        SecureRandom rnd = new SecureRandom();
        byte[] a = new byte[10], s = new byte[20];
        rnd.nextBytes(a);
        rnd.nextBytes(s);
        String[] keys = {"vistruct" + HexFormat.of().formatHex(a), HexFormat.of().formatHex(s)};
        Files.writeString(file, keys[0] + "\n" + keys[1] + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return keys;
    }

    /** The store behind the S3 API, for this process's own pictures (no HTTP in between). */
    public org.jclouds.blobstore.BlobStore blobStore() { return context.getBlobStore(); }

    public S3Settings settings(String bucket) {
        return new S3Settings("http://127.0.0.1:" + proxy.getPort(), accessKey, secretKey, bucket);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // stopping is best effort; the process is going away
        } finally {
            context.close();
        }
    }
}
