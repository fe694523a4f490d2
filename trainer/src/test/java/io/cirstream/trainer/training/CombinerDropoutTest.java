package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import io.cirstream.core.combiner.CombinerBlock;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.model.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block the trainer trains has CLIP4Cir's four dropout layers, each p = 0.5, acting only in training mode. */
class CombinerDropoutTest {

    private static final Shape WIDE = new Shape(64, 8192);

    @Test
    void fourDropoutLayersEachZeroHalfTheUnitsAndDoubleTheRestOnlyInTraining() {
        CombinerBlock block = new CombinerBlock(CombinerDims.ofFeatureDim(8));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE)) {
            block.initialize(manager);
            List<Dropout> dropouts = new ArrayList<>();
            collect(block, dropouts);
            assertThat(dropouts).hasSize(4);
            ParameterStore store = new ParameterStore(manager, false);
            for (Dropout dropout : dropouts) {
                NDArray ones = manager.ones(WIDE);
                float[] trained =
                        dropout.forward(store, new NDList(ones), true).head().toFloatArray();
                float[] evaluated =
                        dropout.forward(store, new NDList(ones), false).head().toFloatArray();

                long zeros = 0;
                for (float value : trained) {
                    assertThat(value).isIn(0f, 2f);
                    zeros += value == 0f ? 1 : 0;
                }
                assertThat((double) zeros / trained.length).isCloseTo(CombinerBlock.DROPOUT_RATE, within(0.01));
                assertThat(evaluated).containsOnly(1f);
            }
        }
    }

    @Test
    void aTrainingSessionEvaluatesWithoutDropout() {
        SyntheticTriplets data = SyntheticTriplets.create(8, 4, 4, 20, 1);
        float[][] text =
                data.heldOut().queries().stream().map(HeldOutQuery::caption).toArray(float[][]::new);
        float[][] image =
                data.heldOut().queries().stream().map(HeldOutQuery::reference).toArray(float[][]::new);
        var weights = PyTorchDefaultInit.weights(CombinerDims.ofFeatureDim(8), 5);
        try (TrainingSession session = TrainingSession.open(Device.cpu(), weights, 2e-5);
                var combiner = io.cirstream.core.combiner.Combiner.create(weights, Device.cpu())) {
            float[][] first = session.combine(text, image);
            float[][] second = session.combine(text, image);

            assertThat(second).isDeepEqualTo(first);
            assertThat(first).isDeepEqualTo(combiner.combine(text, image));
        }
    }

    private static void collect(Block block, List<Dropout> found) {
        if (block instanceof Dropout dropout) {
            found.add(dropout);
        }
        block.getChildren().values().forEach(child -> collect(child, found));
    }
}
