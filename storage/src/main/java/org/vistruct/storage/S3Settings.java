package org.vistruct.storage;

/** Where pictures go: an S3-compatible endpoint (MinIO), its keys, and the bucket. */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket) {
    public S3Settings {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("storage.bucket '" + bucket + "' is not a valid bucket name (3-63 lower-case letters, digits, dots, dashes)");
        }
        if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw new IllegalArgumentException("storage.endpoint must be an http:// or https:// URL, was '" + endpoint + "'");
        }
    }

    @Override
    public String toString() { return "S3Settings[" + endpoint + ", bucket " + bucket + "]"; } // never print the secret
}
