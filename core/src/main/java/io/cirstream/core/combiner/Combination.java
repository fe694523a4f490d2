package io.cirstream.core.combiner;

/**
 * What the Combiner made of a batch: one L2-normalised query feature per (text, image) pair and the dynamic scalar λ
 * that weighed the raw text feature against the raw image feature (query ∝ v + λ·t + (1 − λ)·i).
 *
 * <p>The arrays are the caller's to keep; nothing else holds them.
 *
 * @param queries the query features, [B][D], each of unit length
 * @param lambdas λ per pair, in (0, 1)
 */
public record Combination(float[][] queries, float[] lambdas) {

    /** The number of pairs combined. */
    public int size() {
        return queries.length;
    }
}
