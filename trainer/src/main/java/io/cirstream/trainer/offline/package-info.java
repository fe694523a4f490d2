/**
 * Provides offline training on a dataset in its official layout (FashionIQ, CIRR, the synthetic set): the training
 * examples and the held-out set of a split pair, from cached or freshly computed raw features.
 */
package io.cirstream.trainer.offline;
