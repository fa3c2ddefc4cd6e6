package org.vistruct.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vistruct.core.PictureStore;

/**
 * Pictures in an S3-compatible store through minio-java: MinIO in production, the embedded
 * S3Proxy by default. Writes are retried with exponential backoff; a store that stays away is
 * reported as an IOException naming the endpoint, never skipped silently.
 */
public final class S3PictureStore implements PictureStore {
    private static final Logger log = LoggerFactory.getLogger(S3PictureStore.class);
    private final MinioClient client;
    private final S3Settings settings;
    private final int attempts;
    private final long firstBackoffMs;

    public S3PictureStore(S3Settings settings, int attempts, long firstBackoffMs) throws IOException {
        this.settings = settings;
        this.attempts = Math.max(1, attempts);
        this.firstBackoffMs = firstBackoffMs;
        this.client = MinioClient.builder().endpoint(settings.endpoint()).credentials(settings.accessKey(), settings.secretKey()).build();
        retrying("create bucket " + settings.bucket(), () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
            }
            return null;
        });
    }

    @Override
    public void put(String key, byte[] jpeg) throws IOException {
        retrying("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
                .stream(new ByteArrayInputStream(jpeg), jpeg.length, -1).contentType("image/jpeg").build()));
    }

    @Override
    public byte[] get(String key) throws IOException {
        return retrying("get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build())) {
                return in.readAllBytes();
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code())) throw new FileNotFoundException("no picture " + key);
                throw e;
            }
        });
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T retrying(String what, Call<T> call) throws IOException {
        long backoff = firstBackoffMs;
        Exception last = null;
        for (int i = 1; i <= attempts; i++) {
            try {
                return call.run();
            } catch (FileNotFoundException e) {
                throw e;
            } catch (Exception e) {
                last = e;
                if (i == attempts) break;
                log.warn("object store {}: {} failed (attempt {}/{}: {}); retrying in {} ms", settings.endpoint(), what, i, attempts, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while retrying " + what, ie);
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
        throw new IOException("object store " + settings.endpoint() + ": " + what + " failed after " + attempts + " attempts: " + last.getMessage(), last);
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
