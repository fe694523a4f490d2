package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cirstream.core.model.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingTensorsTest {

    @Test
    void aBatchGathersEachExamplesOwnReferenceTargetAndChosenCaptionVariant() {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            float[][] captions = new float[i % 2 == 0 ? 1 : 3][];
            for (int v = 0; v < captions.length; v++) {
                captions[v] = new float[] {100 * i + 10 * v + 1, 0};
            }
            examples.add(new TrainingExample("e" + i, new float[] {i, 2}, captions, new float[] {i, 3}));
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
                TrainingTensors tensors = TrainingTensors.upload(manager, examples, 2)) {
            assertThat(tensors.variantCounts()).containsExactly(1, 3, 1, 3, 1);

            NDList batch = tensors.batch(manager, new int[] {3, 0, 1}, new int[] {2, 0, 1});

            assertThat(batch.get(0).toFloatArray()).containsExactly(321, 0, 1, 0, 111, 0);
            assertThat(batch.get(1).toFloatArray()).containsExactly(3, 2, 0, 2, 1, 2);
            assertThat(batch.get(2).toFloatArray()).containsExactly(3, 3, 0, 3, 1, 3);
        }
    }
}
