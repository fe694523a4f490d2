package io.cirstream.trainer.stage1;

import ai.djl.ndarray.NDArray;
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
 * AdamW exactly as {@code torch.optim.AdamW} steps parameters on a CPU (its single-tensor path, decoupled weight decay,
 * no amsgrad), run by libtorch itself: a TorchScript module ({@value #SCRIPT}, written and checked bit for bit against
 * {@code torch.optim.AdamW} by tools/make_adamw_step.py) does, for every parameter,
 *
 * <pre>
 * w.mul_(1 − lr·wd);  m.lerp_(g, 1 − β1);  v.mul_(β2).addcmul_(g, g, 1 − β2)
 * w.addcdiv_(m, v.sqrt() / √(1 − β2^t) + ε, −lr / (1 − β1^t));  g.zero_()
 * </pre>
 *
 * in one call, so gradients accumulate from zero for the next step. Gradients are read from the parameters after
 * {@code backward}; every parameter must have one (a parameter the loss does not reach is not given to AdamW).
 */
final class PyTorchAdamW implements AutoCloseable {

    /** The TorchScript step, a class-path resource beside this class. */
    static final String SCRIPT = "torch_adamw_step.pt";

    private final AdamWSettings settings;
    private final List<PtNDArray> parameters;
    private final List<PtNDArray> firstMoments = new ArrayList<>();
    private final List<PtNDArray> secondMoments = new ArrayList<>();
    private final PtSymbolBlock script;
    private long steps;

    /** AdamW over {@code parameters} (arrays that require gradients); its moments live in {@code manager}. */
    PyTorchAdamW(PtNDManager manager, List<NDArray> parameters, AdamWSettings settings) {
        this.settings = settings;
        this.parameters = parameters.stream().map(PtNDArray.class::cast).toList();
        for (PtNDArray parameter : this.parameters) {
            firstMoments.add((PtNDArray) manager.zeros(parameter.getShape(), parameter.getDataType()));
            secondMoments.add((PtNDArray) manager.zeros(parameter.getShape(), parameter.getDataType()));
        }
        this.script = loadScript(manager, SCRIPT);
    }

    /** Updates every parameter from its accumulated gradient, then zeroes the gradients. */
    void step() {
        List<PtNDArray> gradients = new ArrayList<>(parameters.size());
        try {
            for (PtNDArray parameter : parameters) {
                gradients.add(parameter.getGradient());
            }
            step(gradients);
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    /**
     * Updates every parameter from {@code gradients} (one per parameter, same order, shape and type: mixed
     * precision's unscaled float32 gradients of the masters), then zeroes those arrays.
     */
    void step(List<PtNDArray> gradients) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException(
                    gradients.size() + " gradients for " + parameters.size() + " parameters");
        }
        steps++;
        List<IValue> arguments = new ArrayList<>();
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            arguments.add(IValue.listFrom(parameters.toArray(PtNDArray[]::new)));
            arguments.add(IValue.listFrom(gradients.toArray(PtNDArray[]::new)));
            arguments.add(IValue.listFrom(firstMoments.toArray(PtNDArray[]::new)));
            arguments.add(IValue.listFrom(secondMoments.toArray(PtNDArray[]::new)));
            arguments.add(IValue.from(steps));
            arguments.add(IValue.from(settings.learningRate()));
            arguments.add(IValue.from(settings.beta1()));
            arguments.add(IValue.from(settings.beta2()));
            arguments.add(IValue.from(settings.eps()));
            arguments.add(IValue.from(settings.weightDecay()));
            script.forward(arguments.toArray(IValue[]::new)).close();
        } finally {
            JniUtils.setGradMode(previous);
            arguments.forEach(IValue::close);
        }
    }

    /** Steps taken so far (PyTorch's {@code state['step']}). */
    long steps() {
        return steps;
    }

    AdamWSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        script.close();
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
    }

    /** A TorchScript helper, a class-path resource beside this class (tools/make_adamw_step.py, make_amp_steps.py). */
    static PtSymbolBlock loadScript(PtNDManager manager, String resource) {
        try (InputStream in = PyTorchAdamW.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the class path lacks " + resource + " (see tools/make_*.py)");
            }
            return JniUtils.loadModule(manager, in, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
