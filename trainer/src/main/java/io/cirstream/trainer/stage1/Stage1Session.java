package io.cirstream.trainer.stage1;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.training.GradientCollector;
import io.cirstream.core.combiner.CombinerBlock;
import io.cirstream.core.model.BundleManifest;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.ModelBundleException;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.trainer.training.ContrastiveLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two CLIP encoders of a bundle being fine-tuned on one device, CLIP4Cir's stage 1: for a batch of (reference,
 * caption, target) the query is normalize(ψI(reference) + ψT(caption)), the target normalize(ψI(target)), the loss the
 * cross-entropy of 100·cos(query, target) over the batch with the diagonal as labels ({@link ContrastiveLoss}), and
 * AdamW ({@link PyTorchAdamW}) steps the trained encoders' weights. The encoders stay in eval mode. A step may
 * accumulate the gradients of several micro-batches (each its own negatives) before AdamW moves. Not thread-safe;
 * one session per JVM trains at a time (DJL allows one gradient collector at a time).
 *
 * <p>With {@link Precision#MIXED} the bundle's float16 encoders are loaded beside the float32 ones: forward and
 * backward run in float16 (the inputs cast to float16), the features are cast to float32 before the sum, normalize and
 * loss, the loss is scaled before backward, and {@link MixedPrecision} steps the float32 modules' parameters (the
 * master weights, which {@link #parameters()} and {@link #writeEncoders} keep giving) and sets the float16 ones from
 * them. The cast to float32 multiplies by a float32 one (type promotion, exact): DJL's {@code toType} returns a tensor
 * cut from the autograd graph, so backward would not reach the encoder through it.
 */
final class Stage1Session implements AutoCloseable {

    /** The prefix of the image encoder's parameter names. */
    static final String IMAGE_PREFIX = "image.";

    /** The prefix of the text encoder's parameter names. */
    static final String TEXT_PREFIX = "text.";

    private final PtNDManager manager;
    private final TrainableEncoder image;
    private final TrainableEncoder text;
    private final EncoderSelection selection;
    private final PyTorchAdamW adamW;
    private final TrainableEncoder imageHalf;
    private final TrainableEncoder textHalf;
    private final MixedPrecision mixed;

    private Stage1Session(
            PtNDManager manager,
            List<TrainableEncoder> encoders,
            EncoderSelection selection,
            AdamWSettings settings,
            LossScaler scaler) {
        this.manager = manager;
        this.image = encoders.get(0);
        this.text = encoders.get(1);
        this.imageHalf = encoders.size() > 2 ? encoders.get(2) : null;
        this.textHalf = encoders.size() > 2 ? encoders.get(3) : null;
        this.selection = selection;
        this.adamW = new PyTorchAdamW(manager, trained(image, text), settings);
        this.mixed = imageHalf == null
                ? null
                : new MixedPrecision(manager, trained(imageHalf, textHalf), trained(image, text), scaler);
    }

    private List<NDArray> trained(TrainableEncoder imageEncoder, TrainableEncoder textEncoder) {
        List<NDArray> trained = new ArrayList<>();
        if (selection.trainsImage()) {
            trained.addAll(imageEncoder.parameters());
        }
        if (selection.trainsText()) {
            trained.addAll(textEncoder.parameters());
        }
        return trained;
    }

    /** Loads the bundle's fp32 encoders trainable on {@code device}. */
    static Stage1Session open(ModelBundle bundle, Device device, EncoderSelection selection, AdamWSettings settings) {
        return open(bundle, device, selection, settings, Precision.FP32);
    }

    /**
     * Loads the bundle's fp32 encoders trainable on {@code device}, and with {@link Precision#MIXED} its fp16 encoders
     * too (the bundle must have them: tools/export_bundle.py --fp16), the loss scaled as GradScaler's defaults.
     */
    static Stage1Session open(
            ModelBundle bundle,
            Device device,
            EncoderSelection selection,
            AdamWSettings settings,
            Precision precision) {
        return open(bundle, device, selection, settings, precision, LossScaler.standard());
    }

    /** As {@link #open(ModelBundle, Device, EncoderSelection, AdamWSettings, Precision)} with a given loss scaler. */
    static Stage1Session open(
            ModelBundle bundle,
            Device device,
            EncoderSelection selection,
            AdamWSettings settings,
            Precision precision,
            LossScaler scaler) {
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager(device, TorchRuntime.ENGINE);
        List<TrainableEncoder> encoders = new ArrayList<>();
        try {
            encoders.add(TrainableEncoder.load(manager, bundle.imageEncoderFile(), IMAGE_PREFIX));
            encoders.add(TrainableEncoder.load(manager, bundle.textEncoderFile(), TEXT_PREFIX));
            if (precision == Precision.MIXED) {
                BundleManifest manifest = bundle.manifest();
                String imageHalf = manifest.imageEncoder().fp16File();
                String textHalf = manifest.textEncoder().fp16File();
                if (imageHalf == null || textHalf == null) {
                    throw new ModelBundleException("mixed precision needs the bundle's float16 encoders, and "
                            + bundle.directory() + " has none (tools/export_bundle.py --fp16 writes them)");
                }
                encoders.add(TrainableEncoder.load(manager, bundle.directory().resolve(imageHalf), IMAGE_PREFIX));
                encoders.add(TrainableEncoder.load(manager, bundle.directory().resolve(textHalf), TEXT_PREFIX));
            }
            return new Stage1Session(manager, encoders, selection, settings, scaler);
        } catch (RuntimeException e) {
            encoders.forEach(TrainableEncoder::close);
            manager.close();
            throw e;
        }
    }

    /**
     * One AdamW step on the gradients of {@code microBatches} (their losses averaged); returns the mean loss before
     * the step.
     */
    float step(List<Stage1Batch> microBatches) {
        float loss = accumulate(microBatches);
        applyStep();
        return loss;
    }

    /** Forward and backward of every micro-batch, gradients (of the mean loss) accumulated; no step. */
    float accumulate(List<Stage1Batch> microBatches) {
        if (microBatches.isEmpty()) {
            throw new IllegalArgumentException("a step needs at least one batch");
        }
        double sum = 0;
        float scale = (float) ((mixed == null ? 1.0 : mixed.lossScale()) / microBatches.size());
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            for (Stage1Batch batch : microBatches) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray loss = loss(scope, batch);
                    collector.backward(loss.mul(scale));
                    sum += loss.getFloat();
                }
            }
        }
        return (float) (sum / microBatches.size());
    }

    /**
     * Applies AdamW to the accumulated gradients and zeroes them; in mixed precision unless a gradient overflowed
     * (the step is then skipped and the loss scale halved). Returns whether the step was taken.
     */
    boolean applyStep() {
        if (mixed != null) {
            return mixed.step(adamW);
        }
        adamW.step();
        return true;
    }

    private NDArray loss(NDManager scope, Stage1Batch batch) {
        int size = batch.size();
        int side = batch.inputSize();
        NDArray pixels = scope.create(batch.images(), new Shape(2L * size, 3, side, side));
        NDArray tokens = scope.create(batch.tokens(), new Shape(size, batch.contextLength()));
        TrainableEncoder imageEncoder = mixed == null ? image : imageHalf;
        TrainableEncoder textEncoder = mixed == null ? text : textHalf;
        if (mixed != null) {
            pixels = pixels.toType(DataType.FLOAT16, false);
        }
        NDArray imageFeatures =
                selection.trainsImage() ? imageEncoder.forwardTracked(pixels) : imageEncoder.forwardFrozen(pixels);
        NDArray textFeatures =
                selection.trainsText() ? textEncoder.forwardTracked(tokens) : textEncoder.forwardFrozen(tokens);
        if (mixed != null) {
            // float32 from here on; multiplying by a float32 one keeps the autograd graph (DJL's toType does not)
            NDArray one = scope.ones(new Shape(1), DataType.FLOAT32);
            imageFeatures = imageFeatures.mul(one);
            textFeatures = textFeatures.mul(one);
        }
        NDArray references = imageFeatures.get("0:" + size);
        NDArray targets = imageFeatures.get(size + ":");
        NDArray queries = references.add(textFeatures).normalize(2, -1, CombinerBlock.NORMALIZE_EPS);
        return ContrastiveLoss.loss(queries, targets);
    }

    /** Every parameter of both encoders by prefixed name (arrays shared with the modules). */
    Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        for (TrainableEncoder encoder : List.of(image, text)) {
            for (int i = 0; i < encoder.parameters().size(); i++) {
                all.put(encoder.names().get(i), encoder.parameters().get(i));
            }
        }
        return all;
    }

    /** Every float16 parameter by prefixed name in mixed precision (arrays shared with the modules), else empty. */
    Map<String, NDArray> halfParameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        if (mixed != null) {
            for (TrainableEncoder encoder : List.of(imageHalf, textHalf)) {
                for (int i = 0; i < encoder.parameters().size(); i++) {
                    all.put(encoder.names().get(i), encoder.parameters().get(i));
                }
            }
        }
        return all;
    }

    /** The arithmetic of this session. */
    Precision precision() {
        return mixed == null ? Precision.FP32 : Precision.MIXED;
    }

    /** The loss scale in mixed precision (1 in fp32). */
    double lossScale() {
        return mixed == null ? 1.0 : mixed.lossScale();
    }

    /** Steps skipped for overflowing gradients (mixed precision; always 0 in fp32). */
    long skippedSteps() {
        return mixed == null ? 0 : mixed.scaler().skipped();
    }

    /** Writes both encoders (float32: in mixed precision the master weights) as TorchScript files. */
    void writeEncoders(Path imageFile, Path textFile) {
        image.write(imageFile);
        text.write(textFile);
    }

    TrainableEncoder image() {
        return image;
    }

    TrainableEncoder text() {
        return text;
    }

    EncoderSelection selection() {
        return selection;
    }

    AdamWSettings settings() {
        return adamW.settings();
    }

    /** AdamW steps taken. */
    long steps() {
        return adamW.steps();
    }

    @Override
    public void close() {
        try {
            adamW.close();
            if (mixed != null) {
                mixed.close();
                imageHalf.close();
                textHalf.close();
            }
            image.close();
            text.close();
        } finally {
            manager.close();
        }
    }
}
