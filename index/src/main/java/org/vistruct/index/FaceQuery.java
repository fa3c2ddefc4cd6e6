package org.vistruct.index;

import java.util.Set;

/**
 * Faces most like a feature, best first, with the usual device and time filters.
 *
 * @param minSimilarity cosine similarity (0-1) below which a face is not returned
 */
public record FaceQuery(float[] feature, int limit, float minSimilarity, Set<String> deviceIds, Long from, Long to) {
    public FaceQuery {
        if (feature == null || feature.length == 0) throw new IllegalArgumentException("no face feature to search with");
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("face search limit must be 1-1000, was " + limit);
        if (!(minSimilarity >= 0 && minSimilarity <= 1)) throw new IllegalArgumentException("min similarity must be 0-1, was " + minSimilarity);
        if (from != null && to != null && from >= to) throw new IllegalArgumentException("the time range ends before it starts");
        deviceIds = deviceIds == null ? Set.of() : Set.copyOf(deviceIds);
    }
}
