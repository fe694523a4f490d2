package io.cirstream.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cirstream.core.store.FeatureVectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NegativeModifierTest {

    private static final int DIM = 64;
    /** float32 rounding of unit vectors of 64 values: a few ulps of 1 per operation, far below this. */
    private static final double TOLERANCE = 1e-5;

    private static float[] unit(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return FeatureVectors.normalised("v", v);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    @Test
    void theQueryMovesAwayFromTheNegativeDirectionAsTheFormulaSays() {
        Random random = new Random(7);
        NegativeModifier modifier = new NegativeModifier(0.5);
        for (int trial = 0; trial < 100; trial++) {
            float[] q = unit(random);
            float[] negative = unit(random);
            float[] rawNegative = negative.clone();
            for (int i = 0; i < DIM; i++) {
                rawNegative[i] *= 3.7f; // a raw text feature is not unit length; its direction is what counts
            }
            float[] pushed = modifier.apply(q, rawNegative);

            double c = dot(q, negative);
            double expected = (c - 0.5) / Math.sqrt(1 - 2 * 0.5 * c + 0.25);
            assertThat(dot(pushed, negative)).isCloseTo(expected, within(TOLERANCE));
            assertThat(dot(pushed, negative)).isLessThan(c);
            assertThat(dot(pushed, pushed)).isCloseTo(1, within(TOLERANCE));
        }
    }

    @Test
    void betaZeroLeavesTheQueryAndBetaMustStayBelowOne() {
        Random random = new Random(3);
        float[] q = unit(random);
        assertThat(new NegativeModifier(0).apply(q, unit(random))).containsExactly(q, within(1e-6f));
        assertThatThrownBy(() -> new NegativeModifier(1)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new NegativeModifier(-0.1)).hasMessageContaining("[0, 1)");
    }
}
