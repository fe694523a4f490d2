package io.cirstream.trainer.stage1;

import io.cirstream.core.eval.dataset.CaptionVariants;

/**
 * One training triplet of stage 1: image names (keys of a {@link PixelStore}), the caption's training forms (one drawn
 * per epoch) and the group it belongs to for {@link Batching#GROUPED} (CIRR's image set, else its reference).
 */
public record Stage1Triplet(String id, String reference, String target, CaptionVariants captions, String group) {}
