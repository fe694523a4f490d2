/** Provides the embedding of a micro-batch's images: each distinct image (by SHA-256) through the encoder once. */
package io.cirstream.ingest.embed;
