package org.opensearch.protobufs;

/** Placeholder for a protobuf type the k-NN plugin links (its converter's signatures name the case enum); never used on the test node. */
public final class QueryContainer {
    /** Named by the k-NN converter's signatures, which the node's injector reads. */
    public enum QueryContainerCase { KNN }
}
