package io.cirstream.trainer.stage1;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;

/**
 * Mixed-precision training the apex "O2" way (DJL has no autocast): the float16 encoder modules run forward and
 * backward, the float32 modules' parameters are the master weights AdamW steps, and the loss is scaled dynamically
 * ({@link LossScaler}, as {@code torch.amp.GradScaler}). One {@link #step}: the float16 gradients are unscaled into
 * float32 and zeroed ({@value #UNSCALE}); with an inf or NaN among them the step is skipped and the scale halved,
 * else AdamW steps the masters on the float32 gradients and the float16 parameters are set from the masters, rounded
 * to nearest ({@value #COPY}). Both helpers are TorchScript run by libtorch (tools/make_amp_steps.py).
 */
final class MixedPrecision implements AutoCloseable {

    static final String UNSCALE = "torch_amp_unscale.pt";
    static final String COPY = "torch_amp_copy.pt";

    private final List<PtNDArray> halves;
    private final List<PtNDArray> masters;
    private final LossScaler scaler;
    private final PtNDManager manager;
    private final PtSymbolBlock unscale;
    private final PtSymbolBlock copy;

    /**
     * @param halves the float16 module parameters that train (they receive the gradients)
     * @param masters the float32 master weights, one per half, same order and shapes
     */
    MixedPrecision(PtNDManager manager, List<NDArray> halves, List<NDArray> masters, LossScaler scaler) {
        if (halves.size() != masters.size()) {
            throw new IllegalArgumentException(
                    halves.size() + " float16 parameters for " + masters.size() + " masters");
        }
        for (int i = 0; i < halves.size(); i++) {
            if (!halves.get(i).getShape().equals(masters.get(i).getShape())) {
                throw new IllegalArgumentException(
                        "the float16 encoder's parameter " + halves.get(i).getName()
                                + " has shape " + halves.get(i).getShape() + ", its master "
                                + masters.get(i).getShape());
            }
        }
        this.manager = manager;
        this.halves = halves.stream().map(PtNDArray.class::cast).toList();
        this.masters = masters.stream().map(PtNDArray.class::cast).toList();
        this.scaler = scaler;
        PtSymbolBlock unscaleScript = PyTorchAdamW.loadScript(manager, UNSCALE);
        try {
            this.copy = PyTorchAdamW.loadScript(manager, COPY);
        } catch (RuntimeException e) {
            unscaleScript.close();
            throw e;
        }
        this.unscale = unscaleScript;
    }

    /** The factor the loss is multiplied by before backward. */
    double lossScale() {
        return scaler.scale();
    }

    LossScaler scaler() {
        return scaler;
    }

    /**
     * Unscales the accumulated float16 gradients (and zeroes them); steps {@code adamW} (over the masters) unless one
     * is inf or NaN; updates the scale. Returns whether the step was taken.
     */
    boolean step(PyTorchAdamW adamW) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        PtNDArray[] gradients = new PtNDArray[halves.size()];
        PtNDArray[] unscaled = new PtNDArray[0];
        try {
            for (int i = 0; i < halves.size(); i++) {
                gradients[i] = halves.get(i).getGradient();
            }
            try (IValue list = IValue.listFrom(gradients);
                    IValue inverse = IValue.from(1.0 / scaler.scale());
                    IValue result = unscale.forward(new IValue[] {list, inverse})) {
                unscaled = result.toTensorArray(manager);
            }
            boolean foundInf = unscaled[unscaled.length - 1].getFloat() != 0f;
            if (!foundInf) {
                adamW.step(Arrays.asList(unscaled).subList(0, halves.size()));
                try (IValue dst = IValue.listFrom(halves.toArray(PtNDArray[]::new));
                        IValue src = IValue.listFrom(masters.toArray(PtNDArray[]::new))) {
                    copy.forward(new IValue[] {dst, src}).close();
                }
            }
            scaler.update(foundInf);
            return !foundInf;
        } finally {
            JniUtils.setGradMode(previous);
            Arrays.stream(gradients).filter(g -> g != null).forEach(NDArray::close);
            Arrays.stream(unscaled).forEach(NDArray::close);
        }
    }

    @Override
    public void close() {
        unscale.close();
        copy.close();
    }
}
