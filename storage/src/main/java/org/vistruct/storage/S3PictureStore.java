package org.vistruct.storage;

import io.minio.BucketExistsArgs;
import io.minio.DisableObjectLegalHoldArgs;
import io.minio.EnableObjectLegalHoldArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.IsObjectLegalHoldEnabledArgs;
import io.minio.ListObjectsArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
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

    /** Whether the bucket has object lock on (legal holds possible): asked once the bucket is there. */
    private volatile boolean objectLock;
    private final boolean objectLockOnCreate;
    private volatile boolean bucketReady;
    /** The last failure, in words, and when; null once a call succeeds again. */
    private volatile String lastError;
    private volatile long lastErrorAt;

    public S3PictureStore(S3Settings settings, int attempts, long firstBackoffMs) throws IOException {
        this(settings, attempts, firstBackoffMs, false);
    }

    /**
     * @param objectLockOnCreate create the bucket (when missing) with object lock, so evidence can be put under legal hold
     */
    public S3PictureStore(S3Settings settings, int attempts, long firstBackoffMs, boolean objectLockOnCreate) throws IOException {
        this.settings = settings;
        this.attempts = Math.max(1, attempts);
        this.firstBackoffMs = firstBackoffMs;
        this.objectLockOnCreate = objectLockOnCreate;
        this.client = MinioClient.builder().endpoint(settings.endpoint()).credentials(settings.accessKey(), settings.secretKey()).httpClient(http()).build();
        try {
            ensureBucket(1); // a store that is away at start is not fatal: pictures wait in the spool and this is tried again
        } catch (IOException e) {
            log.error("{}; vistruct starts anyway: pictures are spooled to disk and stored when it answers", e.getMessage());
        }
    }

    /**
     * minio's HTTP client with TCP_NODELAY: without it a put's headers and body wait on Nagle's
     * algorithm and the server's delayed ACK (measured against S3Proxy: 36 puts/s from one thread
     * without, 192 with; 335 and 451 from 16 threads).
     */
    private static okhttp3.OkHttpClient http() {
        return new okhttp3.OkHttpClient.Builder().socketFactory(new NoDelaySockets()).connectTimeout(java.time.Duration.ofSeconds(10))
                .writeTimeout(java.time.Duration.ofMinutes(2)).readTimeout(java.time.Duration.ofMinutes(2)).build();
    }

    /** Makes sure the bucket exists (creating it the first time); once it does, never asked again. */
    private void ensureBucket(int tries) throws IOException {
        if (bucketReady) return;
        synchronized (this) {
            if (bucketReady) return;
            retrying("create bucket " + settings.bucket(), tries, () -> {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).objectLock(objectLockOnCreate).build());
                }
                return null;
            });
            objectLock = objectLockEnabled();
            bucketReady = true;
        }
    }

    private boolean objectLockEnabled() {
        try {
            client.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(settings.bucket()).build());
            return true; // answered: the bucket was made with object lock
        } catch (Exception e) {
            log.info("object store {} bucket {}: no object lock, so evidence holds are kept by vistruct alone (legal holds need a bucket made with "
                    + "object lock: storage.object-lock=true on a new bucket)", settings.endpoint(), settings.bucket());
            return false;
        }
    }

    @Override
    public void delete(Collection<String> keys) throws IOException {
        ensureBucket(attempts);
        List<DeleteObject> batch = new ArrayList<>(1000);
        for (String k : keys) {
            batch.add(new DeleteObject(k));
            if (batch.size() == 1000) {
                deleteBatch(batch);
                batch = new ArrayList<>(1000);
            }
        }
        if (!batch.isEmpty()) deleteBatch(batch);
    }

    private void deleteBatch(List<DeleteObject> batch) throws IOException {
        retrying("delete " + batch.size() + " pictures", () -> {
            List<String> failed = new ArrayList<>();
            for (Result<DeleteError> r : client.removeObjects(RemoveObjectsArgs.builder().bucket(settings.bucket()).objects(batch).build())) {
                DeleteError e = r.get();
                if (!"NoSuchKey".equals(e.code())) failed.add(e.objectName() + ": " + e.code() + " " + e.message());
            }
            if (!failed.isEmpty()) {
                throw new FileNotFoundException(failed.size() + " of " + batch.size() + " pictures not deleted, e.g. " + failed.getFirst());
            }
            return null;
        });
    }

    @Override
    public void list(String prefix, Consumer<StoredPicture> visitor) throws IOException {
        ensureBucket(attempts);
        retrying("list " + (prefix.isEmpty() ? "all pictures" : prefix), () -> {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket()).prefix(prefix).recursive(true).build())) {
                Item i = r.get();
                if (i.isDir()) continue;
                visitor.accept(new StoredPicture(i.objectName(), i.size(), i.lastModified() == null ? 0 : i.lastModified().toInstant().toEpochMilli()));
            }
            return null;
        });
    }

    @Override
    public boolean supportsLegalHold() { return objectLock; }

    @Override
    public void legalHold(String key, boolean on) throws IOException {
        if (!objectLock) return;
        retrying((on ? "legal hold on " : "legal hold off ") + key, () -> {
            if (on) client.enableObjectLegalHold(EnableObjectLegalHoldArgs.builder().bucket(settings.bucket()).object(key).build());
            else client.disableObjectLegalHold(DisableObjectLegalHoldArgs.builder().bucket(settings.bucket()).object(key).build());
            return null;
        });
    }

    @Override
    public boolean isLegallyHeld(String key) throws IOException {
        if (!objectLock) return false;
        return retrying("legal hold of " + key, () -> {
            try {
                return client.isObjectLegalHoldEnabled(IsObjectLegalHoldEnabledArgs.builder().bucket(settings.bucket()).object(key).build());
            } catch (ErrorResponseException e) {
                // never held, or gone: stores answer NoSuchObjectLockConfiguration (S3), NotFound (S3Mock) or NoSuchKey
                if (java.util.Set.of("NoSuchObjectLockConfiguration", "NotFound", "NoSuchKey").contains(e.errorResponse().code())) return false;
                throw e;
            }
        });
    }

    @Override
    public void put(String key, byte[] jpeg) throws IOException {
        ensureBucket(attempts);
        retrying("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
                .stream(new ByteArrayInputStream(jpeg), jpeg.length, -1).contentType("image/jpeg").build()));
    }

    @Override
    public byte[] get(String key) throws IOException {
        ensureBucket(attempts);
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
        return retrying(what, attempts, call);
    }

    private <T> T retrying(String what, int tries, Call<T> call) throws IOException {
        long backoff = firstBackoffMs;
        Exception last = null;
        for (int i = 1; i <= tries; i++) {
            try {
                T result = call.run();
                if (lastError != null) {
                    log.info("object store {} answers again (after: {})", settings.endpoint(), lastError);
                    lastError = null;
                }
                return result;
            } catch (FileNotFoundException e) {
                throw e;
            } catch (Exception e) {
                last = e;
                String why = explain(e);
                lastError = why;
                lastErrorAt = System.currentTimeMillis();
                // wrong credentials or a missing bucket do not mend by waiting a second: say so at once
                if (i == tries || !transientFailure(e)) {
                    throw new IOException("object store " + settings.endpoint() + ": " + what + " failed" + (i > 1 ? " after " + i + " attempts" : "") + ": " + why, e);
                }
                log.warn("object store {}: {} failed (attempt {}/{}: {}); retrying in {} ms", settings.endpoint(), what, i, tries, why, backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while retrying " + what, ie);
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
        throw new IOException("object store " + settings.endpoint() + ": " + what + " failed: " + explain(last), last);
    }

    private static final java.util.Set<String> CREDENTIALS = java.util.Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed");

    /** A failure in words an operator can act on: unreachable, wrong credentials, missing bucket, or the store's own message. */
    private String explain(Exception e) {
        if (e instanceof ErrorResponseException r) {
            String code = r.errorResponse().code();
            if (CREDENTIALS.contains(code)) {
                return "wrong credentials (" + code + ": the store refuses access key '" + settings.accessKey() + "'; check storage.access-key and storage.secret-key)";
            }
            if ("NoSuchBucket".equals(code)) return "bucket '" + settings.bucket() + "' does not exist and could not be made (storage.bucket)";
            return code + ": " + r.errorResponse().message();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof java.net.ConnectException || root instanceof java.net.UnknownHostException || root instanceof java.net.SocketTimeoutException
                || root instanceof java.net.NoRouteToHostException) {
            return "unreachable (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean transientFailure(Exception e) {
        return !(e instanceof ErrorResponseException r && (CREDENTIALS.contains(r.errorResponse().code()) || "NoSuchBucket".equals(r.errorResponse().code())));
    }

    /** Whether the last call succeeded. */
    @Override
    public boolean available() { return lastError == null && bucketReady; }

    /** The last failure in words, or null when the store answers. */
    @Override
    public String lastError() { return lastError == null && !bucketReady ? "not reached yet" : lastError; }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
