package io.cirstream.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.cirstream.core.combiner.CombinerBlock;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.model.TorchRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * One Combiner being trained on one device: core's {@link CombinerBlock} with gradients attached to its parameters,
 * and {@link PyTorchAdam} over them. {@link #step} is one optimisation step on a batch: forward in training mode
 * (dropout 0.5 active), {@link ContrastiveLoss}, backward through libtorch's autograd, Adam. Not thread-safe; one
 * session trains at a time in a JVM (DJL allows one gradient collector at a time).
 */
final class TrainingSession implements AutoCloseable {

    private final NDManager manager;
    private final CombinerBlock block;
    private final ParameterStore parameterStore;
    private final PyTorchAdam adam;

    private TrainingSession(NDManager manager, CombinerBlock block, double learningRate) {
        this.manager = manager;
        this.block = block;
        this.parameterStore = new ParameterStore(manager, false);
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            NDArray array = parameter.getValue().getArray();
            array.setRequiresGradient(true);
            arrays.add(array);
        }
        this.adam = new PyTorchAdam(manager, arrays, learningRate);
    }

    /** A session on {@code device} starting from {@code initial}. */
    static TrainingSession open(Device device, CombinerWeights initial, double learningRate) {
        NDManager manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
        try {
            CombinerBlock block = new CombinerBlock(initial.dims());
            block.initialize(manager);
            block.loadWeights(initial);
            return new TrainingSession(manager, block, learningRate);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Where the session's arrays live; open a sub-manager of it for each batch's inputs. */
    NDManager manager() {
        return manager;
    }

    /** The sizes of the Combiner being trained. */
    CombinerDims dims() {
        return block.dims();
    }

    /**
     * One Adam step on a batch of raw features (text [B, D], reference image [B, D], target image [B, D]); returns the
     * batch's loss before the step. Intermediate arrays attach to the inputs' manager: close it afterwards.
     */
    float step(NDArray text, NDArray image, NDArray target) {
        float loss = backward(text, image, target);
        applyStep();
        return loss;
    }

    /**
     * The first half of {@link #step}: forward in training mode, the loss, backward; the gradients are left on the
     * parameters ({@link #gradients}) for {@link #applyStep}. Returns the batch's loss.
     */
    float backward(NDArray text, NDArray image, NDArray target) {
        NDArray loss;
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray queries =
                    block.forward(parameterStore, new NDList(text, image), true).head();
            loss = ContrastiveLoss.loss(queries, target);
            collector.backward(loss);
        }
        return loss.getFloat();
    }

    /** The second half of {@link #step}: one Adam step from the gradients {@link #backward} left, which it zeroes. */
    void applyStep() {
        NoGradScope.run(adam::step);
    }

    /** The gradients the last {@link #backward} left on the parameters, under CLIP4Cir's names (on the host). */
    CombinerWeights gradients() {
        return block.exportGradients();
    }

    /** Eval-mode queries (no dropout, no autograd) of raw text and image feature rows, on the host. */
    float[][] combine(float[][] text, float[][] image) {
        int featureDim = block.dims().featureDim();
        return NoGradScope.get(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray texts = scope.create(flatten(text, featureDim), new Shape(text.length, featureDim));
                NDArray images = scope.create(flatten(image, featureDim), new Shape(image.length, featureDim));
                float[] queries = block.forward(parameterStore, new NDList(texts, images), false)
                        .head()
                        .toFloatArray();
                float[][] rows = new float[text.length][featureDim];
                for (int row = 0; row < rows.length; row++) {
                    System.arraycopy(queries, row * featureDim, rows[row], 0, featureDim);
                }
                return rows;
            }
        });
    }

    /** The current weights, copied to the host under CLIP4Cir's names. */
    CombinerWeights weights() {
        return block.exportWeights();
    }

    /** Adam steps taken. */
    long steps() {
        return adam.steps();
    }

    @Override
    public void close() {
        adam.close();
        manager.close();
    }

    private static float[] flatten(float[][] rows, int featureDim) {
        float[] flat = new float[rows.length * featureDim];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, flat, row * featureDim, featureDim);
        }
        return flat;
    }
}
