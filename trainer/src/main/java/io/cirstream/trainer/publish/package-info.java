/** Provides the publication of a promoted Combiner: weights to the model store, then the announcement. */
package io.cirstream.trainer.publish;
