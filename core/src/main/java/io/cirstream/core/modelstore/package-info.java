/**
 * Provides the model store (a directory, or S3-compatible object storage through a small SigV4 client) that holds the
 * weights and records of Combiner versions, and the reader-side registry that follows the model topic.
 */
package io.cirstream.core.modelstore;
