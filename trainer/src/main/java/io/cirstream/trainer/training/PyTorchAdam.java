package io.cirstream.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam exactly as {@code torch.optim.Adam} steps parameters on a CPU (its single-tensor path, no weight decay, no
 * amsgrad), run by libtorch itself: a TorchScript module ({@value #SCRIPT}, written and checked bit for bit against
 * {@code torch.optim.Adam} by tools/make_adam_step.py) does, for every parameter,
 *
 * <pre>
 * m.lerp_(g, 1 − β1);  v.mul_(β2).addcmul_(g, g, 1 − β2)
 * w.addcdiv_(m, v.sqrt() / √(1 − β2^t) + ε, −lr / (1 − β1^t));  g.zero_()
 * </pre>
 *
 * in one call. DJL's array API has no {@code lerp_}, {@code addcmul_} or {@code addcdiv_}, and composing them costs
 * twice the passes over 59 M parameters; DJL's own Adam follows MXNet (ε after another bias correction, gradient
 * clipping), which is not the published recipe. Gradients are read from the parameters after {@code backward} and
 * zeroed for the next one (which accumulates into them). Run the step outside autograd ({@link NoGradScope}).
 */
final class PyTorchAdam implements AutoCloseable {

    /** PyTorch's default β1. */
    static final double BETA1 = 0.9;

    /** PyTorch's default β2. */
    static final double BETA2 = 0.999;

    /** PyTorch's default ε. */
    static final double EPS = 1e-8;

    /** The TorchScript step, a class-path resource beside this class. */
    static final String SCRIPT = "torch_adam_step.pt";

    private final double learningRate;
    private final List<PtNDArray> parameters;
    private final List<PtNDArray> firstMoments = new ArrayList<>();
    private final List<PtNDArray> secondMoments = new ArrayList<>();
    private final PtSymbolBlock script;
    private long steps;

    /** Adam over {@code parameters} (arrays that require gradients, in {@code manager}); its moments live beside them. */
    PyTorchAdam(NDManager manager, List<NDArray> parameters, double learningRate) {
        this.learningRate = learningRate;
        this.parameters = parameters.stream().map(PtNDArray.class::cast).toList();
        for (PtNDArray parameter : this.parameters) {
            firstMoments.add((PtNDArray) parameter.zerosLike());
            secondMoments.add((PtNDArray) parameter.zerosLike());
        }
        this.script = load((PtNDManager) manager);
    }

    /** Updates every parameter from its gradient, then zeroes the gradients. */
    void step() {
        steps++;
        List<PtNDArray> gradients = new ArrayList<>(parameters.size());
        List<IValue> arguments = new ArrayList<>();
        try {
            for (PtNDArray parameter : parameters) {
                gradients.add(parameter.getGradient());
            }
            arguments.add(IValue.listFrom(parameters.toArray(PtNDArray[]::new)));
            arguments.add(IValue.listFrom(gradients.toArray(PtNDArray[]::new)));
            arguments.add(IValue.listFrom(firstMoments.toArray(PtNDArray[]::new)));
            arguments.add(IValue.listFrom(secondMoments.toArray(PtNDArray[]::new)));
            arguments.add(IValue.from(steps));
            arguments.add(IValue.from(learningRate));
            arguments.add(IValue.from(BETA1));
            arguments.add(IValue.from(BETA2));
            arguments.add(IValue.from(EPS));
            script.forward(arguments.toArray(IValue[]::new)).close();
        } finally {
            arguments.forEach(IValue::close);
            gradients.forEach(NDArray::close);
        }
    }

    /** Steps taken so far (PyTorch's {@code state['step']}). */
    long steps() {
        return steps;
    }

    @Override
    public void close() {
        script.close();
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
    }

    private static PtSymbolBlock load(PtNDManager manager) {
        try (InputStream in = PyTorchAdam.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("the class path lacks " + SCRIPT + " (tools/make_adam_step.py)");
            }
            return JniUtils.loadModule(manager, in, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
    }
}
