package io.cirstream.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam exactly as {@code torch.optim.Adam} steps a CPU parameter (its single-tensor path; no weight decay, no amsgrad):
 *
 * <pre>
 * m ← lerp(m, g, 1 − β1)            v ← β2·v + (1 − β2)·g²
 * denom = √v / √(1 − β2^t) + ε       w ← w − lr / (1 − β1^t) · m / denom
 * </pre>
 *
 * DJL's own Adam follows MXNet instead (ε added before the bias correction, gradient clipping), which is not the
 * published recipe. Gradients are read from the parameters after {@code backward} and zeroed after the update; the
 * update runs outside autograd (call it after the gradient collector closed).
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
        float stepSize = (float) (learningRate / biasCorrection1);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray parameter = parameters.get(i);
            NDArray mean = firstMoments.get(i);
            NDArray variance = secondMoments.get(i);
            try (NDArray gradient = parameter.getGradient()) {
                try (NDArray difference = gradient.sub(mean)) {
                    mean.addi(difference.muli((float) (1 - BETA1)));
                }
                try (NDArray scaled = gradient.mul((float) (1 - BETA2))) {
                    variance.muli((float) BETA2).addi(scaled.muli(gradient));
                }
                try (NDArray denominator = variance.sqrt();
                        NDArray update = mean.div(
                                denominator.divi((float) biasCorrection2Sqrt).addi((float) EPS))) {
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
