/**
 * Provides CLIP4Cir's Combiner: the network that fuses a raw CLIP text feature and a raw reference-image feature into
 * one normalised query feature, its weights (read from CLIP4Cir's PyTorch checkpoints or safetensors files, written
 * as safetensors) and a thread-safe {@link io.cirstream.core.combiner.Combiner} that runs it on a DJL device.
 */
package io.cirstream.core.combiner;
