package org.opensearch.protobufs;

/** Placeholder for a protobuf type the k-NN plugin links; never used on the test node. */
public final class KnnQuery {}
