/**
 * Provides the catalogue consumer: records decoded and validated into changes, micro-batches that are planned,
 * embedded and written, and the poll loop that commits offsets only after the store acknowledged.
 */
package io.cirstream.ingest.consume;
