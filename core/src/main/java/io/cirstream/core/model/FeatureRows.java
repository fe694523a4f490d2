package io.cirstream.core.model;

import java.util.Arrays;

/** Splits an encoder's row-major [B, D] output into rows, checking the dimension the bundle promised. */
final class FeatureRows {

    private FeatureRows() {}

    static void split(float[] flat, int rows, int featureDim, String role, float[][] out, int offset) {
        if (flat.length != (long) rows * featureDim) {
            throw new ModelBundleException("the " + role + " returned " + flat.length + " values for " + rows
                    + " inputs; the bundle's featureDim " + featureDim + " expects " + (long) rows * featureDim);
        }
        for (int i = 0; i < rows; i++) {
            out[offset + i] = Arrays.copyOfRange(flat, i * featureDim, (i + 1) * featureDim);
        }
    }
}
