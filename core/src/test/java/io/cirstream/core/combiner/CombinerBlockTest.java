package io.cirstream.core.combiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.cirstream.core.model.TorchRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CombinerBlockTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void rn50x4CombinerHas59003521Parameters() {
        CombinerBlock block = new CombinerBlock(CombinerDims.ofFeatureDim(640));
        block.initialize(manager);

        long count = 0;
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            count += parameter.getValue().getArray().size();
        }

        assertThat(count).isEqualTo(59_003_521L);
        assertThat(block.getParameters().size()).isEqualTo(12);
    }

    @Test
    void dropoutActsOnlyInTrainingMode() {
        CombinerBlock block = new CombinerBlock(CombinerDims.ofFeatureDim(32));
        block.initialize(manager);
        block.loadWeights(CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D32_SAFETENSORS)));
        ParameterStore store = new ParameterStore(manager, false);
        NDList inputs =
                new NDList(manager.randomNormal(new Shape(8, 32)).mul(2), manager.randomNormal(new Shape(8, 32)));

        float[] eval1 = block.forward(store, inputs, false).head().toFloatArray();
        float[] eval2 = block.forward(store, inputs, false).head().toFloatArray();
        float[] train1 = block.forward(store, inputs, true).head().toFloatArray();
        float[] train2 = block.forward(store, inputs, true).head().toFloatArray();

        assertThat(eval2).containsExactly(eval1);
        assertThat(train1).isNotEqualTo(eval1);
        assertThat(train2).isNotEqualTo(train1);
    }

    @Test
    void outputsUnitQueriesAndLambdasOfTheDeclaredShapes() {
        CombinerBlock block = new CombinerBlock(CombinerDims.ofFeatureDim(8));
        block.initialize(manager);
        NDList outputs = block.forward(
                new ParameterStore(manager, false),
                new NDList(manager.randomNormal(new Shape(5, 8)), manager.randomNormal(new Shape(5, 8))),
                false);

        NDArray query = outputs.get(0);
        NDArray lambda = outputs.get(1);
        assertThat(query.getShape()).isEqualTo(new Shape(5, 8));
        assertThat(lambda.getShape()).isEqualTo(new Shape(5, 1));
        assertThat(block.getOutputShapes(new Shape[] {new Shape(5, 8), new Shape(5, 8)}))
                .containsExactly(new Shape(5, 8), new Shape(5, 1));
        for (float norm : query.norm(new int[] {1}).toFloatArray()) {
            assertThat(norm).isCloseTo(1f, within(1e-6f));
        }
        for (float value : lambda.toFloatArray()) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @Test
    void exportsTheWeightsItLoaded() {
        CombinerWeights weights = CombinerWeights.load(CombinerFixtures.path(CombinerFixtures.D8_SAFETENSORS));
        CombinerBlock block = new CombinerBlock(weights.dims());
        block.initialize(manager);

        block.loadWeights(weights);

        assertThat(block.exportWeights().stateDict()).containsExactlyEntriesOf(weights.stateDict());
    }
}
