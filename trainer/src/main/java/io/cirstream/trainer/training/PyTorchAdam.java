package io.cirstream.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam as {@code torch.optim.Adam} steps a parameter (no weight decay, no amsgrad):
 *
 * <pre>
 * m ← β1·m + (1 − β1)·g              v ← β2·v + (1 − β2)·g²
 * w ← w − lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 *
 * computed as {@code w ← w − (lr·√(1 − β2^t) / (1 − β1^t)) · m / (√v + ε·√(1 − β2^t))}, the same value with the bias
 * corrections folded into two scalars, so that a step makes as few passes over the 59 M parameters as DJL's array API
 * allows: the moments are updated in place, the gradient's own buffer serves as scratch (it is zeroed afterwards for
 * the next backward, which accumulates into it) and only √v and the update are allocated. DJL's own Adam follows MXNet
 * instead (ε added after a different bias correction, gradient clipping), which is not the published recipe. The
 * update must run outside autograd (after the gradient collector closed, under a {@link NoGradScope}).
 */
final class PyTorchAdam implements AutoCloseable {

    /** PyTorch's default β1. */
    static final double BETA1 = 0.9;

    /** PyTorch's default β2. */
    static final double BETA2 = 0.999;

    /** PyTorch's default ε. */
    static final double EPS = 1e-8;

    private final double learningRate;
    private final List<NDArray> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long steps;

    /** Adam over {@code parameters} (arrays that require gradients); its moments live beside them. */
    PyTorchAdam(List<NDArray> parameters, double learningRate) {
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        for (NDArray parameter : this.parameters) {
            firstMoments.add(parameter.zerosLike());
            secondMoments.add(parameter.zerosLike());
        }
    }

    /** Updates every parameter from its gradient, then zeroes the gradients. */
    void step() {
        steps++;
        double biasCorrection1 = 1 - Math.pow(BETA1, steps);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(BETA2, steps));
        float stepSize = (float) (learningRate * biasCorrection2Sqrt / biasCorrection1);
        float epsilon = (float) (EPS * biasCorrection2Sqrt);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray parameter = parameters.get(i);
            NDArray mean = firstMoments.get(i);
            NDArray variance = secondMoments.get(i);
            try (NDArray gradient = parameter.getGradient()) {
                mean.subi(gradient).muli((float) BETA1).addi(gradient); // β1·(m − g) + g
                NDArray scaledSquare = gradient.muli(gradient).muli((float) (1 - BETA2)); // g's buffer from here on
                variance.muli((float) BETA2).addi(scaledSquare);
                try (NDArray denominator = variance.sqrt();
                        NDArray update = mean.div(denominator.addi(epsilon))) {
                    parameter.subi(update.muli(stepSize));
                }
            }
            JniUtils.zeroGrad((PtNDArray) parameter);
        }
    }

    /** Steps taken so far (PyTorch's {@code state['step']}). */
    long steps() {
        return steps;
    }

    @Override
    public void close() {
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
    }
}
