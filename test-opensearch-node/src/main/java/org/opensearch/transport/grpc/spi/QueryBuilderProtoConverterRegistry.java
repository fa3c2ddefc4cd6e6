package org.opensearch.transport.grpc.spi;

/** Placeholder for a transport-grpc type the k-NN plugin links (see {@link QueryBuilderProtoConverter}). */
public interface QueryBuilderProtoConverterRegistry {}
