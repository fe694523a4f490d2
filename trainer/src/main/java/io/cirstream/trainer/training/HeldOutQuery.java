package io.cirstream.trainer.training;

import java.util.Objects;

/**
 * One held-out composed query: raw features of the reference image and of the caption, and where its target and
 * reference sit in the held-out catalogue.
 *
 * @param id the triplet's id
 * @param reference the raw image feature of the reference product
 * @param caption the raw text feature of the caption (for FashionIQ, the evaluation form of its two captions)
 * @param targetIndex the target's position in the catalogue
 * @param referenceIndex the reference's position in the catalogue, excluded from the ranking (the shopper wants
 *     another product, as in CIRR); {@link #NOT_IN_CATALOGUE} when the reference is not in it
 */
public record HeldOutQuery(String id, float[] reference, float[] caption, int targetIndex, int referenceIndex) {

    /** The reference index of a query whose reference image is not a catalogue product. */
    public static final int NOT_IN_CATALOGUE = -1;

    public HeldOutQuery {
        Objects.requireNonNull(id, "id");
        if (reference == null || caption == null) {
            throw new IllegalArgumentException(
                    "held-out query %s has no %s feature".formatted(id, reference == null ? "reference" : "caption"));
        }
        if (reference.length != caption.length) {
            throw new IllegalArgumentException("held-out query %s: reference feature of dimension %d, caption of %d"
                    .formatted(id, reference.length, caption.length));
        }
        if (targetIndex < 0) {
            throw new IllegalArgumentException(
                    "held-out query %s: target index must be >= 0, was %d".formatted(id, targetIndex));
        }
        if (referenceIndex < NOT_IN_CATALOGUE) {
            throw new IllegalArgumentException("held-out query %s: reference index must be >= %d, was %d"
                    .formatted(id, NOT_IN_CATALOGUE, referenceIndex));
        }
    }
}
