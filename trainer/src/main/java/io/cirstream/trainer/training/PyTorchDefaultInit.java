package io.cirstream.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerLayer;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.combiner.FloatTensor;
import io.cirstream.core.model.TorchRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A freshly initialised Combiner, as PyTorch initialises {@code nn.Linear}: weight ~ U(−b, b) with
 * {@code b = √3 · gain / √fan_in}, {@code gain = √(2 / (1 + a²))}, {@code a = √5} ({@code kaiming_uniform_}), and bias
 * ~ U(−1/√fan_in, 1/√fan_in). The numbers come from libtorch's CPU generator seeded with {@code seed} and are drawn in
 * the order CLIP4Cir's {@code Combiner.__init__} creates its layers, so they equal
 * {@code torch.manual_seed(seed); Combiner(D, P, H)} in PyTorch value for value. Seeding the generator is process-wide.
 */
public final class PyTorchDefaultInit {

    /** The negative slope PyTorch's {@code nn.Linear.reset_parameters} passes to {@code kaiming_uniform_}. */
    private static final double KAIMING_A = Math.sqrt(5);

    private PyTorchDefaultInit() {}

    /** New weights of the given sizes from libtorch's generator seeded with {@code seed}. */
    public static CombinerWeights weights(CombinerDims dims, long seed) {
        Map<String, FloatTensor> stateDict = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE)) {
            LibtorchGenerator.seed(seed);
            for (CombinerLayer layer : CombinerLayer.values()) {
                int fanIn = layer.inFeatures(dims);
                double gain = Math.sqrt(2.0 / (1 + KAIMING_A * KAIMING_A));
                double weightBound = Math.sqrt(3.0) * (gain / Math.sqrt(fanIn));
                double biasBound = 1 / Math.sqrt(fanIn);
                stateDict.put(layer.weightKey(), uniform(manager, weightBound, layer.weightShape(dims)));
                stateDict.put(layer.biasKey(), uniform(manager, biasBound, layer.biasShape(dims)));
            }
        }
        return CombinerWeights.fromStateDict(stateDict);
    }

    private static FloatTensor uniform(NDManager manager, double bound, int[] shape) {
        long[] dims = new long[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            dims[axis] = shape[axis];
        }
        // libtorch's CPU kernel draws in float: the bound is rounded to float there as here.
        try (NDArray values = manager.randomUniform((float) -bound, (float) bound, new Shape(dims))) {
            return new FloatTensor(shape, values.toFloatArray());
        }
    }
}
