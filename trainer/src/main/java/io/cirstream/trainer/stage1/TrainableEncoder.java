package io.cirstream.trainer.stage1;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.cirstream.core.model.ModelBundleException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One TorchScript encoder of a bundle loaded <b>trainable</b> (DJL's {@code trainParam}: its parameters require
 * gradients) and kept in eval mode: BatchNorm normalises with its running statistics and never updates them, as
 * CLIP4Cir's stage 1 does, while every weight trains. (In the bundles' traced modules BatchNorm's training flag is a
 * constant of the graph, so not even {@code train()} could make it use batch statistics; eval mode is set anyway.)
 * Its parameters keep the module's own names behind a prefix ({@code image.} or {@code text.}). {@link #write} saves
 * the module with its current weights as TorchScript, loadable by {@code torch.jit.load} and by the Java runtime.
 */
final class TrainableEncoder implements AutoCloseable {

    private final String prefix;
    private final PtSymbolBlock module;
    private final List<NDArray> parameters;
    private final List<String> names;

    private TrainableEncoder(String prefix, PtSymbolBlock module, NDList parameters) {
        this.prefix = prefix;
        this.module = module;
        this.parameters = new ArrayList<>(parameters);
        this.names = parameters.stream().map(p -> prefix + p.getName()).toList();
    }

    /**
     * Loads {@code file} on the manager's device.
     *
     * @param prefix the parameter-name prefix ("image." or "text.")
     */
    static TrainableEncoder load(PtNDManager manager, Path file, String prefix) {
        try {
            PtSymbolBlock module = JniUtils.loadModule(manager, file, true, new String[0], new String[0], true);
            JniUtils.enableInferenceMode(module);
            NDList parameters = JniUtils.moduleGetParams(module, manager);
            for (NDArray parameter : parameters) {
                if (!JniUtils.requiresGrad((PtNDArray) parameter)) {
                    parameter.setRequiresGradient(true);
                }
            }
            return new TrainableEncoder(prefix, module, parameters);
        } catch (RuntimeException e) {
            throw new ModelBundleException("cannot load " + file + " as a trainable module: " + e.getMessage(), e);
        }
    }

    /** The module's output for {@code input}, recorded for autograd (the graph reaches every parameter). */
    NDArray forwardTracked(NDArray input) {
        return IValueUtils.forward(module, new NDList(input), true).singletonOrThrow();
    }

    /**
     * The module's output for {@code input} without recording autograd (a frozen encoder): libtorch's grad mode off
     * on this thread for the call, as {@code torch.no_grad()}. (Not DJL's inference call: after a recorded forward,
     * TorchScript's executor reuses its differentiable plan, which refuses the inference tensors that call makes.)
     */
    NDArray forwardFrozen(NDArray input) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return IValueUtils.forward(module, new NDList(input), true).singletonOrThrow();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /** The parameters, in the module's order (arrays shared with the module: updating them updates it). */
    List<NDArray> parameters() {
        return parameters;
    }

    /** The parameters' names, prefixed, in the same order. */
    List<String> names() {
        return names;
    }

    String prefix() {
        return prefix;
    }

    /** Number of scalar weights. */
    long weightCount() {
        return parameters.stream().mapToLong(NDArray::size).sum();
    }

    /** Saves the module with its current weights (and unchanged buffers) as TorchScript, atomically. */
    void write(Path file) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                JniUtils.writeModule(module, out, false);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        parameters.forEach(NDArray::close);
        module.close();
    }
}
