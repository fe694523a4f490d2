package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.cirstream.core.InvalidInputException;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.testkit.Integration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@Integration
class CombinerTrainerTest {

    private static final int DIM = 16;
    private static final CombinerDims DIMS = CombinerDims.ofFeatureDim(DIM);
    // a larger step than the recipe's 2e-5 so that a few tiny epochs learn something
    private static final CombinerTrainingConfig FAST = CombinerTrainingConfig.defaults()
            .withLearningRate(1e-3)
            .withMaxBatchSize(64)
            .withMaxEpochs(12)
            .withPatience(100)
            .withInitialization(CombinerInitialization.FROM_SCRATCH);

    private static SyntheticTriplets data;
    private static TrainingResult fromScratch;

    @BeforeAll
    static void trainOnce() {
        data = SyntheticTriplets.create(DIM, 320, 80, 200, 3);
        fromScratch = train(FAST, Optional.empty(), data.train());
    }

    @Test
    void trainingFromScratchLearnsTheTaskAndKeepsTheBestEpoch() {
        String metric = FAST.earlyStoppingMetric().key();

        assertThat(fromScratch.plan().initialization()).isEqualTo(CombinerInitialization.FROM_SCRATCH);
        assertThat(fromScratch.bestMetrics().get(metric))
                .isGreaterThan(fromScratch.initialMetrics().get(metric) + 0.3);
        assertThat(fromScratch.curve().getLast().meanLoss())
                .isLessThan(fromScratch.curve().getFirst().meanLoss());
        double bestSeen = fromScratch.curve().stream()
                .mapToDouble(r -> r.heldOutMetrics().get(metric))
                .max()
                .orElseThrow();
        assertThat(fromScratch.bestMetrics().get(metric)).isEqualTo(bestSeen);
        assertThat(fromScratch.curve().get(fromScratch.bestEpoch() - 1).improved())
                .isTrue();
        assertThat(fromScratch.bestMetrics()).containsOnlyKeys(RecallMetric.keys());
    }

    @Test
    void theReturnedWeightsScoreTheReportedMetricsWithTheServicesEvaluator() {
        assertThat(new HeldOutEvaluator(Device.cpu()).evaluate(fromScratch.best(), data.heldOut()))
                .isEqualTo(fromScratch.bestMetrics());
    }

    @Test
    void theSameSeedTrainsTheSameWeightsAndAnotherSeedOthers() {
        TrainingResult again = train(FAST.withMaxEpochs(2), Optional.empty(), data.train());
        TrainingResult same = train(FAST.withMaxEpochs(2), Optional.empty(), data.train());
        TrainingResult other = train(FAST.withMaxEpochs(2).withSeed(99), Optional.empty(), data.train());

        assertThat(same.best().stateDict()).isEqualTo(again.best().stateDict());
        assertThat(same.curve().getLast().meanLoss())
                .isEqualTo(again.curve().getLast().meanLoss());
        assertThat(other.best().stateDict()).isNotEqualTo(again.best().stateDict());
    }

    @Test
    void aWarmStartBeginsWhereTheGivenWeightsAre() {
        TrainingResult warm = train(
                FAST.withMaxEpochs(1).withInitialization(CombinerInitialization.WARM_START),
                Optional.of(fromScratch.best()),
                data.train());
        TrainingResult scratchDespiteWeights =
                train(FAST.withMaxEpochs(1), Optional.of(fromScratch.best()), data.train());

        assertThat(warm.plan().initialization()).isEqualTo(CombinerInitialization.WARM_START);
        assertThat(warm.initialMetrics()).isEqualTo(fromScratch.bestMetrics());
        assertThat(scratchDespiteWeights.plan().initialization()).isEqualTo(CombinerInitialization.FROM_SCRATCH);
        assertThat(scratchDespiteWeights.initialMetrics()).isEqualTo(fromScratch.initialMetrics());
    }

    @Test
    void warmStartWithoutWeightsStartsFromScratch() {
        TrainingResult result = train(
                FAST.withMaxEpochs(1).withInitialization(CombinerInitialization.WARM_START),
                Optional.empty(),
                data.train());

        assertThat(result.plan().initialization()).isEqualTo(CombinerInitialization.FROM_SCRATCH);
    }

    @Test
    void stopsWhenTheMetricHasNotImprovedForPatienceEpochs() {
        // recall@50 over ~600 products saturates quickly; from then on nothing beats it
        CombinerTrainingConfig config = FAST.withEarlyStoppingMetric(RecallMetric.RECALL_AT_50)
                .withPatience(2)
                .withMaxEpochs(200);
        TrainingResult result = train(config, Optional.empty(), data.train());

        assertThat(result.stopReason()).isEqualTo(StopReason.EARLY_STOPPING);
        assertThat(result.epochsRun()).isEqualTo(result.bestEpoch() + 2).isLessThan(200);
        assertThat(result.curve().subList(result.bestEpoch(), result.epochsRun()))
                .noneMatch(EpochReport::improved);
    }

    @Test
    void batchesAreFullAndThePartialLastBatchSitsOut() {
        List<Integer> batchesSeen = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss) {
                batchesSeen.add(batch);
            }
        };
        TrainingResult result = new CombinerTrainer(FAST.withMaxEpochs(2).withMaxBatchSize(100), Device.cpu())
                .train(DIMS, Optional.empty(), data.train(), data.heldOut(), listener, () -> false);

        assertThat(result.plan().batchSize()).isEqualTo(100);
        assertThat(result.plan().batchesPerEpoch()).isEqualTo(3);
        assertThat(result.plan().leftOutPerEpoch()).isEqualTo(20);
        assertThat(result.curve()).allMatch(r -> r.batches() == 3 && r.examples() == 300);
        assertThat(batchesSeen).containsExactly(1, 2, 3, 1, 2, 3);
    }

    @Test
    void aBatchIsTheWholeSetWhenTheSetIsSmallerThanTheBatchCap() {
        TrainingResult result = train(FAST.withMaxEpochs(1).withMaxBatchSize(4096), Optional.empty(), data.train());

        assertThat(result.plan().batchSize()).isEqualTo(320);
        assertThat(result.plan().batchesPerEpoch()).isEqualTo(1);
        assertThat(result.plan().leftOutPerEpoch()).isZero();
    }

    @Test
    void withoutHeldOutQueriesEveryEpochRunsAndTheLastIsKept() {
        HeldOutSet empty = new HeldOutSet(data.heldOut().catalogue(), List.of());
        TrainingResult result = new CombinerTrainer(FAST.withMaxEpochs(3).withPatience(1), Device.cpu())
                .train(DIMS, Optional.empty(), data.train(), empty, TrainingListener.NONE, () -> false);

        assertThat(result.epochsRun()).isEqualTo(3);
        assertThat(result.bestEpoch()).isEqualTo(3);
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_EPOCHS);
        assertThat(result.bestMetrics()).isEmpty();
    }

    @Test
    void aCancelledRunEndsWithoutAResult() {
        AtomicInteger polls = new AtomicInteger();
        CombinerTrainer trainer = new CombinerTrainer(FAST, Device.cpu());

        assertThatThrownBy(() -> trainer.train(
                        DIMS,
                        Optional.empty(),
                        data.train(),
                        data.heldOut(),
                        TrainingListener.NONE,
                        () -> polls.incrementAndGet() > 7))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessageContaining("epoch 2 before batch 3 of 5");
    }

    @Test
    void refusesExamplesOfAnotherDimensionNamingTheExample() {
        List<TrainingExample> examples = new ArrayList<>(data.train());
        examples.set(5, TrainingExample.of("bad-one", new float[DIM], new float[DIM + 1], new float[DIM]));

        assertThatThrownBy(() -> train(FAST, Optional.empty(), examples))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad-one")
                .hasMessageContaining("dimension 17");
    }

    @Test
    void refusesNonFiniteFeatures() {
        List<TrainingExample> examples = new ArrayList<>(data.train());
        float[] broken = new float[DIM];
        broken[3] = Float.NaN;
        examples.set(0, TrainingExample.of("nan-one", broken, new float[DIM], new float[DIM]));

        assertThatThrownBy(() -> train(FAST, Optional.empty(), examples))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nan-one")
                .hasMessageContaining("NaN at index 3");
    }

    @Test
    void refusesASingleExampleAndWarmStartWeightsOfOtherDims() {
        assertThatThrownBy(() -> train(FAST, Optional.empty(), data.train().subList(0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 examples");
        CombinerWeights other = PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(8), 0);
        assertThatThrownBy(() -> train(
                        FAST.withInitialization(CombinerInitialization.WARM_START), Optional.of(other), data.train()))
                .hasMessageContaining("D=8");
    }

    private static TrainingResult train(
            CombinerTrainingConfig config, Optional<CombinerWeights> warmStart, List<TrainingExample> examples) {
        return new CombinerTrainer(config, Device.cpu())
                .train(DIMS, warmStart, examples, data.heldOut(), TrainingListener.NONE, () -> false);
    }
}
