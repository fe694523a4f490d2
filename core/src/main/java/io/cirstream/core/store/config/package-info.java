/**
 * Which vector store a service opens: {@link io.cirstream.core.store.config.VectorStoreConfig} reads the settings and
 * opens the Lucene or the Milvus adapter. It sits above both adapters, so that the port ({@code core.store}) never
 * names an adapter.
 */
package io.cirstream.core.store.config;
