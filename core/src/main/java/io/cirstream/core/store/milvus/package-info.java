/**
 * The Milvus adapter of {@link io.cirstream.core.store.VectorStore}: {@link
 * io.cirstream.core.store.milvus.MilvusVectorStore}, on the Milvus Java SDK v2; its tests run against milvus-lite
 * (tools/setup-milvus-lite.sh).
 */
package io.cirstream.core.store.milvus;
