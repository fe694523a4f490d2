package io.cirstream.core.combiner;

import java.util.Arrays;

/**
 * The sizes of a CLIP4Cir Combiner.
 *
 * @param featureDim D, the CLIP feature dimension (640 for RN50x4, 1024 for RN50)
 * @param projectionDim P, the width of each projection branch (4·D in the published models)
 * @param hiddenDim H, the width of the combiner and dynamic-scalar hidden layers (8·D in the published models)
 */
public record CombinerDims(int featureDim, int projectionDim, int hiddenDim) {

    /** P = PROJECTION_FACTOR · D in CLIP4Cir's published Combiners. */
    public static final int PROJECTION_FACTOR = 4;

    /** H = HIDDEN_FACTOR · D in CLIP4Cir's published Combiners. */
    public static final int HIDDEN_FACTOR = 8;

    /** The largest dimension accepted: far above any CLIP backbone, small enough that every layer fits an array. */
    public static final int MAX_DIM = 1 << 18;

    public CombinerDims {
        requireDim("featureDim", featureDim);
        requireDim("projectionDim", projectionDim);
        requireDim("hiddenDim", hiddenDim);
        long largest = Arrays.stream(CombinerLayer.values())
                .mapToLong(layer -> (long) layer.inFeatures(featureDim, projectionDim, hiddenDim)
                        * layer.outFeatures(featureDim, projectionDim, hiddenDim))
                .max()
                .orElseThrow();
        if (largest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "a Combiner with D=%d, P=%d, H=%d has a layer of %d weights, more than one Java array holds"
                            .formatted(featureDim, projectionDim, hiddenDim, largest));
        }
    }

    /** The published shape for a CLIP feature dimension: P = 4·D, H = 8·D (RN50x4: 640 → 2560, 5120). */
    public static CombinerDims ofFeatureDim(int featureDim) {
        requireDim("featureDim", featureDim);
        return new CombinerDims(featureDim, PROJECTION_FACTOR * featureDim, HIDDEN_FACTOR * featureDim);
    }

    /** Weights plus biases over all six Linear layers (59,003,521 for RN50x4's D = 640). */
    public long parameterCount() {
        return Arrays.stream(CombinerLayer.values())
                .mapToLong(layer -> layer.parameterCount(this))
                .sum();
    }

    /** "D=640, P=2560, H=5120". */
    @Override
    public String toString() {
        return "D=%d, P=%d, H=%d".formatted(featureDim, projectionDim, hiddenDim);
    }

    private static void requireDim(String name, int value) {
        if (value < 1 || value > MAX_DIM) {
            throw new IllegalArgumentException("%s must be in [1, %d], was %d".formatted(name, MAX_DIM, value));
        }
    }
}
