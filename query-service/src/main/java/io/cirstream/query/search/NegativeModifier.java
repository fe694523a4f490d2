package io.cirstream.query.search;

import io.cirstream.core.store.FeatureVectors;

/**
 * The negative modifier ("less of ..."), an extension of CLIP4Cir: the composed query q (unit length, from the
 * Combiner) is pushed away from the direction of a second caption's text feature t_neg:
 *
 * <pre>q' = normalize(q - beta * normalize(t_neg)),  0 &lt;= beta &lt; 1</pre>
 *
 * <p>For c = cos(q, t_neg), cos(q', t_neg) = (c - beta) / sqrt(1 - 2 beta c + beta^2), which is smaller than c for
 * every beta &gt; 0 and |c| &lt; 1: products that look like the negative text score lower, relative to the rest. The
 * norm of q - beta * n is at least 1 - beta, so q' always exists; beta = 0 leaves q unchanged.
 */
public final class NegativeModifier {

    private final float beta;

    public NegativeModifier(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("the negative modifier's beta must be in [0, 1), got " + beta);
        }
        this.beta = (float) beta;
    }

    /** The weight of the negative direction. */
    public double beta() {
        return beta;
    }

    /** q' for the unit query {@code query} and the raw negative text feature {@code negativeText}. */
    public float[] apply(float[] query, float[] negativeText) {
        FeatureVectors.requireDimension("negative text feature", negativeText, query.length);
        float[] direction = FeatureVectors.normalised("negative text feature", negativeText);
        float[] pushed = new float[query.length];
        for (int i = 0; i < query.length; i++) {
            pushed[i] = query[i] - beta * direction[i];
        }
        return FeatureVectors.normalised("query with its negative modifier", pushed);
    }
}
