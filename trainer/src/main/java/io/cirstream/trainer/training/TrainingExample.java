package io.cirstream.trainer.training;

import java.util.Objects;

/**
 * One labelled triplet as the Combiner trains on it: raw (un-normalised) CLIP features of the reference image, of one
 * or more forms of the caption, and of the target image.
 *
 * <p>An example may carry several caption variants (FashionIQ's four training forms c1+c2, c2+c1, c1, c2); the trainer
 * samples one uniformly per epoch. The arrays are not copied: do not change them after handing them over. Their
 * dimensions are checked against the Combiner when training starts.
 *
 * @param id the triplet's id, named in error messages
 * @param reference the raw image feature of the reference product
 * @param captions the raw text features of the caption's variants, at least one
 * @param target the raw image feature of the target product
 */
public record TrainingExample(String id, float[] reference, float[][] captions, float[] target) {

    public TrainingExample {
        Objects.requireNonNull(id, "id");
        if (reference == null || target == null) {
            throw new IllegalArgumentException(
                    "training example %s has no %s feature".formatted(id, reference == null ? "reference" : "target"));
        }
        if (captions == null || captions.length == 0) {
            throw new IllegalArgumentException("training example %s has no caption feature".formatted(id));
        }
        for (int variant = 0; variant < captions.length; variant++) {
            if (captions[variant] == null) {
                throw new IllegalArgumentException(
                        "training example %s: caption variant %d is missing".formatted(id, variant));
            }
        }
    }

    /** An example with a single caption form. */
    public static TrainingExample of(String id, float[] reference, float[] caption, float[] target) {
        return new TrainingExample(id, reference, new float[][] {caption}, target);
    }

    /** How many caption variants the example carries. */
    public int variantCount() {
        return captions.length;
    }
}
