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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Must-show 1 of issue 5: the Java training step against PyTorch's on the same batches and starting weights
 * (tools/make_training_reference.py). Both sides seed libtorch's generator with the reference's dropout seed, so the
 * training-mode forward draws the same dropout masks on both: the real graph with dropout 0.5 is compared.
 */
class TrainingParityTest {

    private static final double LOSS_TOLERANCE = 1e-4;
    private static final double WEIGHT_TOLERANCE = 1e-5;

    private static TrainingReference reference;

    @BeforeAll
    static void load() {
        reference = TrainingReference.load();
    }

    @Test
    void oneAdamStepMatchesPyTorch() {
        CombinerWeights initial = TrainingReference.weights(TrainingReference.INIT);
        try (TrainingSession session = TrainingSession.open(Device.cpu(), initial, reference.learningRate())) {
            JniUtils.setSeed(reference.dropoutSeed());

            float loss = step(session, reference.batches().get(0));
            CombinerWeights after = session.weights();

            CombinerWeights expected = TrainingReference.weights(TrainingReference.STEP1);
            double lossDelta = Math.abs(loss - reference.losses()[0]);
            double weightDelta = maxDifference(after, expected);
            double pytorchMove = maxDifference(expected, initial);
            System.out.printf(
                    "parity step 1: loss java %.7f pytorch %.7f |delta| %.2e; weights max |delta| %.2e;"
                            + " update max %.2e, its max |delta| %.2e%n",
                    loss,
                    reference.losses()[0],
                    lossDelta,
                    weightDelta,
                    pytorchMove,
                    maxUpdateDifference(after, expected, initial));
            assertThat(lossDelta).isLessThanOrEqualTo(LOSS_TOLERANCE);
            assertThat(weightDelta).isLessThanOrEqualTo(WEIGHT_TOLERANCE);
            // the step moves weights by ~lr: the Java step must move them as PyTorch did, not merely stay close
            assertThat(pytorchMove).isGreaterThan(0.5 * reference.learningRate());
            assertThat(maxUpdateDifference(after, expected, initial)).isLessThanOrEqualTo(0.01 * pytorchMove);
        }
    }

    @Test
    void threeAdamStepsMatchPyTorch() {
        try (TrainingSession session = TrainingSession.open(
                Device.cpu(), TrainingReference.weights(TrainingReference.INIT), reference.learningRate())) {
            JniUtils.setSeed(reference.dropoutSeed());
            for (int i = 0; i < reference.batches().size(); i++) {
                float loss = step(session, reference.batches().get(i));
                assertThat(Math.abs(loss - reference.losses()[i]))
                        .as("loss of step %d", i + 1)
                        .isLessThanOrEqualTo(LOSS_TOLERANCE);
            }
            double difference = maxDifference(session.weights(), TrainingReference.weights(TrainingReference.STEP3));
            System.out.printf("parity step 3: weights max |delta| %.2e%n", difference);
            assertThat(session.steps()).isEqualTo(3);
            assertThat(difference).isLessThanOrEqualTo(WEIGHT_TOLERANCE);
        }
    }

    @Test
    void fromScratchInitialisationIsPyTorchsDefaultForTheSameSeed() {
        CombinerWeights fresh =
                PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(reference.featureDim()), reference.initSeed());

        assertThat(fresh.stateDict())
                .containsExactlyEntriesOf(
                        TrainingReference.weights(TrainingReference.INIT).stateDict());
    }

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
            double logSoftmaxDiagonal = 0;
            for (int i = 0; i < size; i++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] row = new double[size];
                for (int j = 0; j < size; j++) {
                    row[j] = 100 * cosine(queries[i], batch.target()[j]);
                    max = Math.max(max, row[j]);
                    assertThat(javaLogits[i * size + j]).isCloseTo(reference.evalLogits()[i][j], within(1e-4f));
                    assertThat((double) javaLogits[i * size + j]).isCloseTo(row[j], within(1e-4));
                }
                double sum = 0;
                for (double value : row) {
                    sum += Math.exp(value - max);
                }
                logSoftmaxDiagonal += row[i] - max - Math.log(sum);
            }
            assertThat((double) loss).isCloseTo(reference.evalLoss(), within(1e-5));
            assertThat((double) loss).isCloseTo(-logSoftmaxDiagonal / size, within(1e-5));
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

    private static double maxUpdateDifference(CombinerWeights java, CombinerWeights pytorch, CombinerWeights initial) {
        double max = 0;
        for (var entry : initial.stateDict().entrySet()) {
            float[] start = entry.getValue().values();
            float[] j = java.stateDict().get(entry.getKey()).values();
            float[] p = pytorch.stateDict().get(entry.getKey()).values();
            for (int i = 0; i < start.length; i++) {
                max = Math.max(max, Math.abs((double) (j[i] - start[i]) - (p[i] - start[i])));
            }
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
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na) / Math.sqrt(nb);
    }
}
