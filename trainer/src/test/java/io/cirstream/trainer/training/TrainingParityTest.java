package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import io.cirstream.core.combiner.CombinerBlock;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerLayer;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.combiner.FloatTensor;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.testkit.Vectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java training step against PyTorch's on the same batches and starting weights
 * (tools/make_training_reference.py), within bounds derived from the arithmetic ({@link StepBounds}), which the tests
 * also show to reject wrong variants of the step. Both sides seed libtorch's generator with the reference's dropout seed, so the
 * training-mode forward draws the same dropout masks on both: the real graph with dropout 0.5 is compared.
 */
class TrainingParityTest {

    private static TrainingReference reference;

    @BeforeAll
    static void load() {
        reference = TrainingReference.load();
    }

    /**
     * One step, three checks, each bound derived in {@link StepBounds}: the loss, every gradient element (its size, not
     * only its sign: to ρ·A), and every weight after Adam's step (to lr·ε·2β/g² where the gradient is certain).
     */
    @Test
    void oneAdamStepMatchesPyTorch() {
        CombinerWeights initial = TrainingReference.weights(TrainingReference.INIT);
        CombinerWeights pytorchGradients = TrainingReference.weights(TrainingReference.gradients(1));
        CombinerWeights expected = TrainingReference.weights(TrainingReference.STEP1);
        StepOne bounds = stepOneBounds(pytorchGradients, expected);
        try (TrainingSession session = TrainingSession.open(Device.cpu(), initial, reference.learningRate())) {
            JniUtils.setSeed(reference.dropoutSeed());
            float loss;
            try (NDManager scope = session.manager().newSubManager()) {
                TrainingReference.Batch batch = reference.batches().get(0);
                loss = session.backward(
                        matrix(scope, batch.text()), matrix(scope, batch.image()), matrix(scope, batch.target()));
            }
            CombinerWeights javaGradients = session.gradients();
            session.applyStep();
            CombinerWeights after = session.weights();

            double lossDelta = Math.abs(loss - reference.losses()[0]);
            System.out.printf(
                    "parity step 1: loss java %.7f pytorch %.7f |delta| %.2e (bound %.2e);"
                            + " gradients: worst element uses %.2e of its bound (rho %.2e);"
                            + " weights: worst element uses %.2e of its bound, max |delta| %.2e, %d of %d elements"
                            + " sign-only (g within beta of 0)%n",
                    loss,
                    reference.losses()[0],
                    lossDelta,
                    bounds.loss(),
                    StepBounds.worstShare(javaGradients, pytorchGradients, bounds.gradients()),
                    bounds.gradientScale(),
                    StepBounds.worstShare(after, expected, bounds.weights()),
                    maxDifference(after, expected),
                    bounds.signOnly(),
                    initial.parameterCount());
            assertThat(lossDelta).isLessThanOrEqualTo(bounds.loss());
            assertThat(StepBounds.violations(javaGradients, pytorchGradients, bounds.gradients()))
                    .as("gradient elements outside their bounds")
                    .isZero();
            assertThat(StepBounds.violations(after, expected, bounds.weights()))
                    .as("weights outside their bounds after one Adam step")
                    .isZero();
            // the gradient bound is loose (rho·A, A the absolute chain) but still pins a share of the updates by the
            // gradient's size; the share is a property of the committed data, the same on every CPU
            assertThat(initial.parameterCount() - bounds.signOnly()).isGreaterThan(initial.parameterCount() / 100);
        }
    }

    /**
     * Each bound of {@link #oneAdamStepMatchesPyTorch} rejects a deliberately wrong step: the loss and the gradients
     * of a Combiner without dropout on its dynamic-scalar branch (tools/make_training_reference.py), and Adam steps
     * with a wrong ε, without bias correction, with a learning rate 1 % off. The exact step, simulated the same way,
     * passes: the bounds are tight where it matters and not too tight.
     */
    @Test
    void theBoundsRejectWrongVariants() {
        CombinerWeights initial = TrainingReference.weights(TrainingReference.INIT);
        CombinerWeights gradients = TrainingReference.weights(TrainingReference.gradients(1));
        CombinerWeights expected = TrainingReference.weights(TrainingReference.STEP1);
        StepOne bounds = stepOneBounds(gradients, expected);
        double lr = reference.learningRate();
        double eps = PyTorchAdam.EPS;
        double b1 = PyTorchAdam.BETA1;
        double b2 = PyTorchAdam.BETA2;

        double variantLossDelta = Math.abs(reference.variantLoss() - reference.losses()[0]);
        long variantGradients = StepBounds.violations(
                TrainingReference.weights(TrainingReference.VARIANT_GRADIENTS), gradients, bounds.gradients());
        long exact = adamVariant(initial, gradients, expected, bounds, g -> StepBounds.firstUpdate(g, lr, eps));
        long wrongEps = adamVariant(initial, gradients, expected, bounds, g -> StepBounds.firstUpdate(g, lr, 1e-6));
        long noBiasCorrection = adamVariant(
                initial, gradients, expected, bounds, g -> lr * (1 - b1) * g / (Math.sqrt(1 - b2) * Math.abs(g) + eps));
        long wrongRate =
                adamVariant(initial, gradients, expected, bounds, g -> StepBounds.firstUpdate(g, 1.01 * lr, eps));
        System.out.printf(
                "wrong variants: no scalar dropout: loss |delta| %.3f (bound %.2e), %d gradient elements outside;"
                        + " Adam elements outside: eps 1e-6 %d, no bias correction %d, lr +1%% %d; exact step %d%n",
                variantLossDelta, bounds.loss(), variantGradients, wrongEps, noBiasCorrection, wrongRate, exact);
        assertThat(variantLossDelta).isGreaterThan(bounds.loss());
        assertThat(variantGradients).isPositive();
        assertThat(wrongEps).isPositive();
        assertThat(noBiasCorrection).isPositive();
        assertThat(wrongRate).isPositive();
        assertThat(exact).isZero();
    }

    /**
     * Three steps: the losses (the weights entering steps 2 and 3 differ by what the earlier steps allow: to first
     * order Σ|g|·Δw more) and the weights after three steps (Δw of step 1 plus 2·lr·R_t per later step, StepBounds).
     * Adam without bias correction, simulated on PyTorch's own gradients, is rejected; the exact Adam passes.
     */
    @Test
    void threeAdamStepsMatchPyTorch() {
        CombinerWeights initial = TrainingReference.weights(TrainingReference.INIT);
        CombinerWeights expected = TrainingReference.weights(TrainingReference.STEP3);
        StepOne first = stepOneBounds(
                TrainingReference.weights(TrainingReference.gradients(1)),
                TrainingReference.weights(TrainingReference.STEP1));
        double lr = reference.learningRate();
        double laterSteps = 2 * lr * (StepBounds.updateRatio(2) + StepBounds.updateRatio(3));
        CombinerWeights weightBounds = StepBounds.map(
                first.weights(),
                (key, b, i) -> b[i]
                        + laterSteps
                        + 2
                                * StepBounds.UNIT_ROUNDOFF
                                * Math.abs(expected.stateDict().get(key).values()[i]));
        try (TrainingSession session = TrainingSession.open(Device.cpu(), initial, lr)) {
            JniUtils.setSeed(reference.dropoutSeed());
            CombinerWeights entering = first.weights();
            for (int i = 0; i < reference.batches().size(); i++) {
                double bound = StepBounds.loss(reference.rounding().get(i));
                if (i > 0) {
                    bound += firstOrder(TrainingReference.weights(TrainingReference.gradients(i + 1)), entering);
                    double more = 2 * lr * StepBounds.updateRatio(i + 1);
                    entering = StepBounds.map(entering, (key, b, e) -> b[e] + more);
                }
                float loss = step(session, reference.batches().get(i));
                System.out.printf(
                        "parity step %d: loss |delta| %.2e (bound %.2e)%n",
                        i + 1, Math.abs(loss - reference.losses()[i]), bound);
                assertThat(Math.abs(loss - reference.losses()[i]))
                        .as("loss of step %d", i + 1)
                        .isLessThanOrEqualTo(bound);
            }
            CombinerWeights after = session.weights();
            System.out.printf(
                    "parity step 3: weights max |delta| %.2e, worst element uses %.2e of its bound%n",
                    maxDifference(after, expected), StepBounds.worstShare(after, expected, weightBounds));
            assertThat(session.steps()).isEqualTo(3);
            assertThat(StepBounds.violations(after, expected, weightBounds)).isZero();
        }
        assertThat(StepBounds.violations(simulatedAdam(initial, true), expected, weightBounds))
                .as("the exact Adam, simulated on PyTorch's gradients")
                .isZero();
        assertThat(StepBounds.violations(simulatedAdam(initial, false), expected, weightBounds))
                .as("Adam without bias correction")
                .isPositive();
    }

    /** The step-1 bounds of {@link StepBounds} for this reference. */
    private static StepOne stepOneBounds(CombinerWeights gradients, CombinerWeights after) {
        TrainingReference.Rounding rounding = reference.rounding().get(0);
        CombinerDims dims = CombinerDims.ofFeatureDim(reference.featureDim());
        double rho = StepBounds.gradientScale(dims, reference.batchSize(), rounding);
        CombinerWeights gradientBounds =
                StepBounds.gradients(TrainingReference.weights(TrainingReference.gradientMagnitudes(1)), rho);
        CombinerWeights weightBounds =
                StepBounds.firstStepWeights(gradients, gradientBounds, after, reference.learningRate());
        long signOnly = 0;
        for (var entry : gradients.stateDict().entrySet()) {
            float[] g = entry.getValue().values();
            float[] beta = gradientBounds.stateDict().get(entry.getKey()).values();
            for (int i = 0; i < g.length; i++) {
                if (Math.abs(g[i]) <= beta[i]) {
                    signOnly++;
                }
            }
        }
        return new StepOne(StepBounds.loss(rounding), rho, gradientBounds, weightBounds, signOnly);
    }

    private record StepOne(
            double loss, double gradientScale, CombinerWeights gradients, CombinerWeights weights, long signOnly) {}

    /** Elements of w0 − update(g) outside the step-1 weight bounds around PyTorch's step. */
    private static long adamVariant(
            CombinerWeights initial,
            CombinerWeights gradients,
            CombinerWeights expected,
            StepOne bounds,
            java.util.function.DoubleUnaryOperator update) {
        CombinerWeights stepped = StepBounds.map(
                initial,
                (key, w, i) -> w[i]
                        - update.applyAsDouble(gradients.stateDict().get(key).values()[i]));
        return StepBounds.violations(stepped, expected, bounds.weights());
    }

    /** Three Adam steps in double precision on PyTorch's gradients of each step, with or without bias correction. */
    private static CombinerWeights simulatedAdam(CombinerWeights initial, boolean biasCorrection) {
        CombinerWeights[] gradients = new CombinerWeights[3];
        for (int t = 0; t < 3; t++) {
            gradients[t] = TrainingReference.weights(TrainingReference.gradients(t + 1));
        }
        double lr = reference.learningRate();
        double b1 = PyTorchAdam.BETA1;
        double b2 = PyTorchAdam.BETA2;
        return StepBounds.map(initial, (key, w0, i) -> {
            double w = w0[i];
            double m = 0;
            double v = 0;
            for (int t = 1; t <= 3; t++) {
                double g = gradients[t - 1].stateDict().get(key).values()[i];
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double c1 = biasCorrection ? 1 - Math.pow(b1, t) : 1;
                double c2 = biasCorrection ? 1 - Math.pow(b2, t) : 1;
                w -= lr / c1 * m / (Math.sqrt(v) / Math.sqrt(c2) + PyTorchAdam.EPS);
            }
            return w;
        });
    }

    /** Σ |g|·Δw: to first order, how much the loss can move when the weights move by at most Δw each. */
    private static double firstOrder(CombinerWeights gradients, CombinerWeights weightBounds) {
        double sum = 0;
        for (var entry : gradients.stateDict().entrySet()) {
            float[] g = entry.getValue().values();
            float[] dw = weightBounds.stateDict().get(entry.getKey()).values();
            for (int i = 0; i < g.length; i++) {
                sum += Math.abs(g[i]) * dw[i];
            }
        }
        return sum;
    }

    /**
     * The from-scratch weights are PyTorch's: the same random bits through uniform_(−b, b) = −b + 2b·r per element, r in
     * [0, 1) from 24 random bits. Both are rounded (the product, the sum; a vectorised kernel may fuse them), each to
     * u relative, on values at most 2b, so two kernels may differ by 2·2·u·2b = 8·u·b (b ≤ 1, the layer's bound).
     */
    @Test
    void fromScratchInitialisationIsPyTorchsDefaultForTheSameSeed() {
        CombinerWeights fresh =
                PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(reference.featureDim()), reference.initSeed());
        CombinerWeights expected = TrainingReference.weights(TrainingReference.INIT);
        CombinerWeights bounds = StepBounds.map(expected, (key, w, i) -> 8 * StepBounds.UNIT_ROUNDOFF * maxAbs(w));

        assertThat(fresh.stateDict().keySet())
                .containsExactlyElementsOf(expected.stateDict().keySet());
        System.out.printf("from-scratch init: max |delta| %.2e%n", maxDifference(fresh, expected));
        assertThat(StepBounds.violations(fresh, expected, bounds)).isZero();
        // another seed draws other weights: the bound is far below the spread of the draws
        CombinerWeights other =
                PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(reference.featureDim()), reference.initSeed() + 1);
        assertThat(StepBounds.violations(other, expected, bounds)).isPositive();
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    /**
     * Eval mode (no dropout). Against PyTorch: 2·λ·σ for the logits and the loss, σ from the rounding analysis of the
     * eval-mode forward (tools/training_rounding.py). Against a float64 recomputation from the Java queries themselves,
     * only the last operations round: the target's normalisation and the logits' reduction, λ·u·100·(√(D+1) +
     * 2·√(D+3)) on a logit (unit vectors); the loss adds twice that (it is 2-Lipschitz in the largest logit error) and
     * its own log-sum-exp, λ·u·√(B+4)·(2·100 + 1).
     */
    @Test
    void evalLogitsAreOneHundredTimesTheCosineAndTheLossIsTheDiagonalCrossEntropy() {
        TrainingReference.Batch batch = reference.batches().get(0);
        try (TrainingSession session = TrainingSession.open(
                        Device.cpu(), TrainingReference.weights(TrainingReference.INIT), reference.learningRate());
                NDManager scope = session.manager().newSubManager()) {
            float[][] queries = session.combine(batch.text(), batch.image());
            NDArray logits = ContrastiveLoss.logits(matrix(scope, queries), matrix(scope, batch.target()));
            float loss = ContrastiveLoss.crossEntropyOnDiagonal(logits).getFloat();

            float[] javaLogits = logits.toFloatArray();
            int size = reference.batchSize();
            int dim = reference.featureDim();
            double u = StepBounds.UNIT_ROUNDOFF;
            double lambda = StepBounds.LAMBDA;
            float logitVsPyTorch =
                    (float) (2 * lambda * reference.evalRounding().logitDeviation());
            double logitVsOwn = lambda * u * 100 * (Math.sqrt(dim + 1) + 2 * Math.sqrt(dim + 3));
            double lossVsPyTorch = StepBounds.loss(reference.evalRounding());
            double lossVsOwn = 2 * logitVsOwn + lambda * u * Math.sqrt(size + 4) * (2 * 100 + 1);
            double logSoftmaxDiagonal = 0;
            for (int i = 0; i < size; i++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] row = new double[size];
                for (int j = 0; j < size; j++) {
                    row[j] = 100 * cosine(queries[i], batch.target()[j]);
                    max = Math.max(max, row[j]);
                    assertThat(javaLogits[i * size + j])
                            .isCloseTo(reference.evalLogits()[i][j], within(logitVsPyTorch));
                    assertThat((double) javaLogits[i * size + j]).isCloseTo(row[j], within(logitVsOwn));
                }
                double sum = 0;
                for (double value : row) {
                    sum += Math.exp(value - max);
                }
                logSoftmaxDiagonal += row[i] - max - Math.log(sum);
            }
            assertThat((double) loss).isCloseTo(reference.evalLoss(), within(lossVsPyTorch));
            assertThat((double) loss).isCloseTo(-logSoftmaxDiagonal / size, within(lossVsOwn));
        }
    }

    @Test
    void seededLibtorchDrawsTheDropoutMasksPyTorchDrew() {
        CombinerDims dims = CombinerDims.ofFeatureDim(reference.featureDim());
        int[] widths = {dims.projectionDim(), dims.projectionDim(), dims.hiddenDim(), dims.hiddenDim()};
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE)) {
            JniUtils.setSeed(reference.dropoutSeed());
            for (int m = 0; m < widths.length; m++) {
                Shape shape = new Shape(reference.batchSize(), widths[m]);
                float[] mask = Dropout.dropout(manager.ones(shape), CombinerBlock.DROPOUT_RATE, true)
                        .head()
                        .toFloatArray();
                int[][] expected = reference.dropoutMasks().get(m);
                for (int i = 0; i < mask.length; i++) {
                    int row = i / widths[m];
                    int column = i % widths[m];
                    assertThat(mask[i]).isEqualTo(expected[row][column] == 1 ? 2f : 0f);
                }
            }
        }
    }

    private static float step(TrainingSession session, TrainingReference.Batch batch) {
        try (NDManager scope = session.manager().newSubManager()) {
            return session.step(
                    matrix(scope, batch.text()), matrix(scope, batch.image()), matrix(scope, batch.target()));
        }
    }

    static NDArray matrix(NDManager manager, float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[0].length, rows[0].length);
        }
        return manager.create(flat, new Shape(rows.length, rows[0].length));
    }

    static double maxDifference(CombinerWeights a, CombinerWeights b) {
        double max = 0;
        for (CombinerLayer layer : CombinerLayer.values()) {
            max = Math.max(max, maxDifference(a.weight(layer), b.weight(layer)));
            max = Math.max(max, maxDifference(a.bias(layer), b.bias(layer)));
        }
        return max;
    }

    private static double maxDifference(FloatTensor a, FloatTensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        double max = 0;
        for (int i = 0; i < a.values().length; i++) {
            max = Math.max(max, Math.abs(a.values()[i] - b.values()[i]));
        }
        return max;
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.cosine(a, b);
    }
}
