package io.cirstream.core.combiner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/** Turns checked feature pairs into the {@link CombinerBlock}'s input arrays, and its outputs into a {@link Combination}. */
final class CombinerTranslator implements NoBatchifyTranslator<FeaturePairs, Combination> {

    private final int featureDim;

    CombinerTranslator(int featureDim) {
        this.featureDim = featureDim;
    }

    @Override
    public NDList processInput(TranslatorContext context, FeaturePairs pairs) {
        NDManager manager = context.getNDManager();
        return new NDList(matrix(manager, pairs.text()), matrix(manager, pairs.image()));
    }

    @Override
    public Combination processOutput(TranslatorContext context, NDList outputs) {
        float[] queries = outputs.get(0).toFloatArray();
        float[] lambdas = outputs.get(1).toFloatArray();
        float[][] rows = new float[lambdas.length][];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = new float[featureDim];
            System.arraycopy(queries, row * featureDim, rows[row], 0, featureDim);
        }
        return new Combination(rows, lambdas);
    }

    private NDArray matrix(NDManager manager, float[][] rows) {
        float[] flat = new float[rows.length * featureDim];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, flat, row * featureDim, featureDim);
        }
        return manager.create(flat, new Shape(rows.length, featureDim));
    }
}
