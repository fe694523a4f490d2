/**
 * Provides the training of CLIP4Cir's Combiner (stage 2 of the method): the contrastive loop with PyTorch's Adam,
 * early stopping on held-out recall, the held-out evaluation the trainer's gate shares, and the training curve.
 */
package io.cirstream.trainer.training;
