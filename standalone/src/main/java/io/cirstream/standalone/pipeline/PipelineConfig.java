package io.cirstream.standalone.pipeline;

import io.cirstream.core.config.Settings;
import io.cirstream.demo.synth.SynthConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code cirstream pipeline} runs.
 *
 * @param out the pipeline's directory: everything it writes goes under it ({@link PipelineLayout})
 * @param bundle the model bundle: image and text encoders, and the Combiner that serves before any training
 * @param products products of the synthetic catalogue
 * @param seed the synthetic catalogue's seed
 * @param maxEpochs the most epochs of the training run (early stopping on held-out recall may end it sooner)
 * @param trainBatchSize the training run's batch size cap ({@value #DEFAULT_TRAIN_BATCH_SIZE} by default, see there)
 * @param keep continue on an existing directory (its catalogue, broker data, index, models and training log) instead
 *     of requiring an empty one
 * @param device the libtorch device of every model part ({@code auto}, {@code cpu}, {@code gpu[:N]})
 * @param services service settings the user gave (system properties and environment, e.g. the training recipe or
 *     the gate); the pipeline's own keys (broker, directories, ports, triggers) win over them
 */
public record PipelineConfig(
        Path out,
        Path bundle,
        int products,
        long seed,
        int maxEpochs,
        int trainBatchSize,
        boolean keep,
        String device,
        Settings services) {

    /** The default size of the catalogue: big enough to train on, small enough for a few minutes on 2 cores. */
    public static final int DEFAULT_PRODUCTS = 2_000;

    /** The default epoch limit: CLIP4Cir's stage-2 recipe (~300 epochs; early stopping usually ends sooner). */
    public static final int DEFAULT_MAX_EPOCHS = 300;

    /**
     * The default batch size cap of the training run. CLIP4Cir's 4096 assumes tens of thousands of triplets; the
     * default catalogue has 2,358 training triplets, which it would make one batch, one optimiser step per epoch, so
     * that early stopping (patience 10) ends the run after 11 steps. 256 gives 9 steps per epoch; the rest of the
     * recipe is the published one (Adam 2e-5, logits 100·cos, dropout 0.5).
     */
    public static final int DEFAULT_TRAIN_BATCH_SIZE = 256;

    /** The most epochs a run may be given. */
    public static final int MAX_EPOCHS = 10_000;

    public PipelineConfig {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(services, "services");
        if (products < SynthConfig.MIN_PRODUCTS || products > SynthConfig.MAX_PRODUCTS) {
            throw new IllegalArgumentException("--products must be " + SynthConfig.MIN_PRODUCTS + " to "
                    + SynthConfig.MAX_PRODUCTS + ", got " + products);
        }
        if (maxEpochs < 1 || maxEpochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("--epochs must be 1 to " + MAX_EPOCHS + ", got " + maxEpochs);
        }
        if (trainBatchSize < 2) {
            throw new IllegalArgumentException(
                    "--train-batch-size must be >= 2 (the loss needs negatives), got " + trainBatchSize);
        }
    }

    /** Where everything goes. */
    public PipelineLayout layout() {
        return new PipelineLayout(out.toAbsolutePath().normalize());
    }
}
