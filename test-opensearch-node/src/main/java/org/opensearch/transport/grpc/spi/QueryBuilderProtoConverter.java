package org.opensearch.transport.grpc.spi;

/**
 * Placeholder: the k-NN plugin links this type of the transport-grpc plugin, which is not on Maven
 * Central. It is never called (no gRPC transport runs on the test node).
 */
public interface QueryBuilderProtoConverter {}
