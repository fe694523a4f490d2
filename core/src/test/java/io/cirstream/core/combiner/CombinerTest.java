package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.CombinerFixtures.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CombinerTest {

    /**
     * fp32 parity with PyTorch's eval-mode Combiner on the same weights and inputs, derived from the arithmetic by
     * tools/combiner_rounding.py: one adjoint pass per output element of the exact (float64) Combiner gives the
     * Hoeffding scale σ of its float32 rounding error (each rounding ≤ u = 2⁻²⁴, independent, of mean zero); the largest
     * over the fixtures is σ = 3.63e-6 (λ of clip4cir_d32), so two float32 evaluations on any CPU differ by at most
     * 2·8·σ = 5.8e-5 except with probability 2·exp(−32) per element.
     */
    static final double TOLERANCE = 5.9e-5;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "clip4cir_d32.pt,            clip4cir_d32_vectors.json",
        "clip4cir_d32.safetensors,   clip4cir_d32_vectors.json",
        "clip4cir_d8.safetensors,    clip4cir_d8_vectors.json",
        "clip4cir_d8_strided.pt,     clip4cir_d8_vectors.json",
        "clip4cir_d8_module_prefix.pt, clip4cir_d8_vectors.json"
    })
    void matchesPyTorch(String weights, String vectorsFile) {
        Vectors vectors = CombinerFixtures.vectors(vectorsFile);
        try (Combiner combiner = Combiner.load(CombinerFixtures.path(weights), Device.cpu())) {
            Combination combination = combiner.combineWithLambdas(vectors.text(), vectors.image());

            double queryDelta = CombinerFixtures.maxAbsDifference(combination.queries(), vectors.query());
            double lambdaDelta = CombinerFixtures.maxAbsDifference(combination.lambdas(), vectors.lambda());
            System.out.printf(
                    "Combiner parity %s: max |dquery| = %.2e, max |dlambda| = %.2e%n",
                    weights, queryDelta, lambdaDelta);
            assertThat(queryDelta).isLessThanOrEqualTo(TOLERANCE);
            assertThat(lambdaDelta).isLessThanOrEqualTo(TOLERANCE);
            assertThat(combiner.dims().featureDim()).isEqualTo(vectors.featureDim());
        }
    }

    @Test
    void fixtureLambdasAreSpreadOut() {
        float[] lambdas = CombinerFixtures.vectors(CombinerFixtures.D32_VECTORS).lambda();
        float min = 1;
        float max = 0;
        for (float lambda : lambdas) {
            min = Math.min(min, lambda);
            max = Math.max(max, lambda);
        }
        assertThat(max - min).as("the fixture should make lambda matter").isGreaterThan(0.2f);
    }

    @Test
    void combinesSinglePairsLikeBatches() {
        Vectors vectors = CombinerFixtures.vectors(CombinerFixtures.D32_VECTORS);
        try (Combiner combiner = Combiner.load(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS), Device.cpu())) {
            float[] single = combiner.combine(vectors.text()[3], vectors.image()[3]);

            assertThat(CombinerFixtures.maxAbsDifference(single, vectors.query()[3]))
                    .isLessThanOrEqualTo(TOLERANCE);
            assertThat(combiner.combine(new float[0][], new float[0][])).isEmpty();
        }
    }

    @Test
    void refusesFeaturesOfTheWrongDimension() {
        Vectors vectors = CombinerFixtures.vectors(CombinerFixtures.D32_VECTORS);
        float[][] text = vectors.text().clone();
        text[3] = Arrays.copyOf(text[3], 31);
        try (Combiner combiner = Combiner.load(CombinerFixtures.path(CombinerFixtures.D32_PT), Device.cpu())) {
            assertThatThrownBy(() -> combiner.combine(text, vectors.image()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("text feature 3 has dimension 31, the Combiner expects 32");
            assertThatThrownBy(() -> combiner.combine(vectors.text(), Arrays.copyOf(vectors.image(), 7)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("got 8 text and 7 image features");
            float[][] image = vectors.image().clone();
            image[1] = image[1].clone();
            image[1][5] = Float.NaN;
            assertThatThrownBy(() -> combiner.combine(vectors.text(), image))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("image feature 1 holds NaN at index 5");
        }
    }

    @Test
    void refusesWeightsOfOtherDims() {
        assertThatThrownBy(() -> Combiner.load(
                        CombinerFixtures.path(CombinerFixtures.D32_PT), Device.cpu(), CombinerDims.ofFeatureDim(8)))
                .isInstanceOf(CombinerWeightsException.class)
                .hasMessageContaining("are for D=32, P=128, H=256 but D=8, P=32, H=64 was expected");
    }

    @Test
    void servesManyThreadsAtOnce() throws Exception {
        Vectors vectors = CombinerFixtures.vectors(CombinerFixtures.D32_VECTORS);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (Combiner combiner = Combiner.load(CombinerFixtures.path(CombinerFixtures.D32_PT), Device.cpu())) {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int call = 0; call < 60; call++) {
                results.add(pool.submit(() -> combiner.combine(vectors.text(), vectors.image())));
            }
            for (Future<float[][]> result : results) {
                assertThat(CombinerFixtures.maxAbsDifference(result.get(), vectors.query()))
                        .isLessThanOrEqualTo(TOLERANCE);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void exportsItsWeightsAndRefusesWorkOnceClosed() {
        CombinerWeights weights = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS));
        Combiner combiner = Combiner.create(weights, Device.cpu());

        assertThat(combiner.weights().stateDict()).containsExactlyEntriesOf(weights.stateDict());
        combiner.close();
        combiner.close();

        assertThatThrownBy(() -> combiner.combine(new float[8], new float[8]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this Combiner is closed");
    }
}
