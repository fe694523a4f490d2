/**
 * Provides the ingest side of the vector store: opening the configured adapter, which collections a write goes to,
 * and the collection set-up when the image-encoder version changes.
 */
package io.cirstream.ingest.store;
