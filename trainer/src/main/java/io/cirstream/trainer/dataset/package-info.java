/**
 * Provides the trainer's data sets: the deterministic train/held-out split of the log, raw image features from the
 * vector store, cached raw text features, and the catalogue the held-out triplets are ranked against.
 */
package io.cirstream.trainer.dataset;
