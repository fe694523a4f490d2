package io.cirstream.core.combiner;

import io.cirstream.core.InvalidInputException;

/**
 * A checked batch of (text, image) raw CLIP feature pairs for one Combiner call: as many text rows as image rows,
 * every row of the Combiner's feature dimension and finite.
 *
 * @param text the raw text features, one row per query
 * @param image the raw reference-image features, one row per query
 */
record FeaturePairs(float[][] text, float[][] image) {

    /** The pairs, after checking them against a Combiner of feature dimension {@code featureDim}. */
    static FeaturePairs check(float[][] text, float[][] image, int featureDim) {
        if (text == null || image == null) {
            throw new InvalidInputException("the Combiner needs both text and image features, got "
                    + (text == null ? "no text features" : "no image features"));
        }
        if (text.length != image.length) {
            throw new InvalidInputException(
                    "the Combiner pairs text and image features one to one, got %d text and %d image features"
                            .formatted(text.length, image.length));
        }
        checkRows("text", text, featureDim);
        checkRows("image", image, featureDim);
        return new FeaturePairs(text, image);
    }

    /** The number of pairs. */
    int size() {
        return text.length;
    }

    private static void checkRows(String kind, float[][] rows, int featureDim) {
        for (int row = 0; row < rows.length; row++) {
            float[] feature = rows[row];
            if (feature == null) {
                throw new InvalidInputException("%s feature %d is missing".formatted(kind, row));
            }
            if (feature.length != featureDim) {
                throw new InvalidInputException("%s feature %d has dimension %d, the Combiner expects %d"
                        .formatted(kind, row, feature.length, featureDim));
            }
            for (int i = 0; i < feature.length; i++) {
                if (!Float.isFinite(feature[i])) {
                    throw new InvalidInputException(
                            "%s feature %d holds %s at index %d".formatted(kind, row, feature[i], i));
                }
            }
        }
    }
}
