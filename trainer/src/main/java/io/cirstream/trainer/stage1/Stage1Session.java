package io.cirstream.trainer.stage1;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.training.GradientCollector;
import io.cirstream.core.combiner.CombinerBlock;
import io.cirstream.core.model.ModelBundle;
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

    private Stage1Session(
            PtNDManager manager,
            TrainableEncoder image,
            TrainableEncoder text,
            EncoderSelection selection,
            AdamWSettings settings) {
        this.manager = manager;
        this.image = image;
        this.text = text;
        this.selection = selection;
        List<NDArray> trained = new ArrayList<>();
        if (selection.trainsImage()) {
            trained.addAll(image.parameters());
        }
        if (selection.trainsText()) {
            trained.addAll(text.parameters());
        }
        this.adamW = new PyTorchAdamW(manager, trained, settings);
    }

    /** Loads the bundle's fp32 encoders trainable on {@code device}. */
    static Stage1Session open(ModelBundle bundle, Device device, EncoderSelection selection, AdamWSettings settings) {
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager(device, TorchRuntime.ENGINE);
        TrainableEncoder image = null;
        try {
            image = TrainableEncoder.load(manager, bundle.imageEncoderFile(), IMAGE_PREFIX);
            TrainableEncoder text = TrainableEncoder.load(manager, bundle.textEncoderFile(), TEXT_PREFIX);
            return new Stage1Session(manager, image, text, selection, settings);
        } catch (RuntimeException e) {
            if (image != null) {
                image.close();
            }
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
        adamW.step();
        return loss;
    }

    /** Forward and backward of every micro-batch, gradients (of the mean loss) accumulated; no step. */
    float accumulate(List<Stage1Batch> microBatches) {
        if (microBatches.isEmpty()) {
            throw new IllegalArgumentException("a step needs at least one batch");
        }
        double sum = 0;
        float scale = 1f / microBatches.size();
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

    /** Applies AdamW to the accumulated gradients and zeroes them. */
    void applyStep() {
        adamW.step();
    }

    private NDArray loss(NDManager scope, Stage1Batch batch) {
        int size = batch.size();
        int side = batch.inputSize();
        NDArray pixels = scope.create(batch.images(), new Shape(2L * size, 3, side, side));
        NDArray tokens = scope.create(batch.tokens(), new Shape(size, batch.contextLength()));
        NDArray imageFeatures = selection.trainsImage() ? image.forwardTracked(pixels) : image.forwardFrozen(pixels);
        NDArray textFeatures = selection.trainsText() ? text.forwardTracked(tokens) : text.forwardFrozen(tokens);
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

    /** Writes both encoders with their current weights as TorchScript files. */
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
            image.close();
            text.close();
        } finally {
            manager.close();
        }
    }
}
