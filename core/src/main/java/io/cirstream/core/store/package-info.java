/**
 * Provides the vector-store port (products with their raw image features, typed filters, versioned upserts and
 * deletes, one collection per image-encoder version) and its embedded Lucene adapter.
 */
package io.cirstream.core.store;
