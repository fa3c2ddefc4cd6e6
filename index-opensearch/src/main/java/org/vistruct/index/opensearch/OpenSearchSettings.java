package org.vistruct.index.opensearch;

import java.util.List;

/**
 * How vistruct uses an OpenSearch cluster.
 *
 * @param urls          node URLs (http://host:port); requests go round them and skip dead ones
 * @param prefix        index names: monthly indices PREFIX-yyyy.MM behind the alias PREFIX
 * @param shards        primary shards of each monthly index
 * @param replicas      replicas of each shard (1: a node may die without losing acknowledged records)
 * @param faceDimension length of face features (the k-NN field's dimension, fixed when an index is made)
 * @param refresh       "true": a bulk refreshes the shards it wrote (acknowledged means searchable at once);
 *                      "wait_for": a bulk returns after the next periodic refresh (at most refreshIntervalMs)
 * @param refreshIntervalMs the indices' periodic refresh
 * @param bulkMaxRecords records sent in one bulk at most
 * @param queueCapacity writes waiting for a bulk at most: beyond, writers wait (back-pressure)
 * @param timeoutMs     one request's limit
 */
public record OpenSearchSettings(List<String> urls, String prefix, int shards, int replicas, int faceDimension, String refresh,
                                 int refreshIntervalMs, int bulkMaxRecords, int queueCapacity, int timeoutMs) {
    public OpenSearchSettings {
        if (urls == null || urls.isEmpty()) throw new IllegalArgumentException("opensearch.urls: name at least one node (http://host:9200)");
        for (String u : urls) {
            if (!u.matches("https?://[^/\\s]+(:\\d+)?/?")) throw new IllegalArgumentException("opensearch.urls: '" + u + "' is not http(s)://host:port");
        }
        if (prefix == null || !prefix.matches("[a-z0-9][a-z0-9_-]{0,60}")) {
            throw new IllegalArgumentException("opensearch.index-prefix: lower-case letters, digits, - and _ (was '" + prefix + "')");
        }
        if (shards < 1 || shards > 64) throw new IllegalArgumentException("opensearch.shards must be 1-64, was " + shards);
        if (replicas < 0 || replicas > 8) throw new IllegalArgumentException("opensearch.replicas must be 0-8, was " + replicas);
        if (faceDimension < 1 || faceDimension > 4096) throw new IllegalArgumentException("opensearch.face-dimension must be 1-4096, was " + faceDimension);
        if (!refresh.equals("true") && !refresh.equals("wait_for")) throw new IllegalArgumentException("opensearch.refresh must be 'true' or 'wait_for', was '" + refresh + "'");
        if (refreshIntervalMs < 100) throw new IllegalArgumentException("opensearch.refresh-interval-ms must be at least 100, was " + refreshIntervalMs);
        if (bulkMaxRecords < 1) throw new IllegalArgumentException("opensearch.bulk-max-records must be at least 1");
        if (queueCapacity < bulkMaxRecords) throw new IllegalArgumentException("opensearch.queue-capacity must be at least opensearch.bulk-max-records");
        if (timeoutMs < 1000) throw new IllegalArgumentException("opensearch.timeout-ms must be at least 1000");
        urls = List.copyOf(urls);
    }

    /** Defaults for a cluster at these URLs: 2 shards, 1 replica, faces of 128 values (the bundled model), refresh on write. */
    public static OpenSearchSettings of(List<String> urls, String prefix) {
        return new OpenSearchSettings(urls, prefix, 2, 1, 128, "true", 1000, 500, 5000, 30_000);
    }

    public OpenSearchSettings withFaceDimension(int d) {
        return new OpenSearchSettings(urls, prefix, shards, replicas, d, refresh, refreshIntervalMs, bulkMaxRecords, queueCapacity, timeoutMs);
    }

    public OpenSearchSettings withReplicas(int r) {
        return new OpenSearchSettings(urls, prefix, shards, r, faceDimension, refresh, refreshIntervalMs, bulkMaxRecords, queueCapacity, timeoutMs);
    }
}
