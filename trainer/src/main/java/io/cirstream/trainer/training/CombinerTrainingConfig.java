package io.cirstream.trainer.training;

import io.cirstream.core.config.Settings;
import java.util.List;
import java.util.Objects;

/**
 * How the Combiner is trained: CLIP4Cir's stage-2 recipe (Adam, lr 2e-5, batches of up to 4096, logits 100·cos,
 * cross-entropy on the diagonal, dropout 0.5) with the run's length and early stopping.
 *
 * <p>Adam's other settings are PyTorch's defaults (betas 0.9/0.999, eps 1e-8, no weight decay) and are not
 * configurable: they are the published recipe.
 *
 * @param learningRate Adam's learning rate (CLIP4Cir: 2e-5)
 * @param maxBatchSize the batch size, lowered to the number of training examples when there are fewer (CLIP4Cir: 4096)
 * @param maxEpochs the most epochs a run trains
 * @param patience stop after this many epochs in a row without a better held-out metric
 * @param earlyStoppingMetric the held-out metric that picks the best epoch and drives early stopping
 * @param seed seeds the shuffling, the caption-variant sampling, the dropout masks and a from-scratch initialisation
 * @param initialization warm start from the given weights, or from scratch
 */
public record CombinerTrainingConfig(
        double learningRate,
        int maxBatchSize,
        int maxEpochs,
        int patience,
        RecallMetric earlyStoppingMetric,
        long seed,
        CombinerInitialization initialization) {

    /** CLIP4Cir's Combiner learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 2e-5;

    /** CLIP4Cir's Combiner batch size. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 4096;

    /** About as long as CLIP4Cir trains its Combiner (~300 epochs). */
    public static final int DEFAULT_MAX_EPOCHS = 300;

    /** Epochs without a better held-out metric before a run stops. */
    public static final int DEFAULT_PATIENCE = 10;

    /** The contrastive loss needs at least one negative per query, so a batch holds at least two examples. */
    public static final int MIN_BATCH_SIZE = 2;

    /** Learning rates above this are refused as a typo (CLIP4Cir uses 2e-5). */
    public static final double MAX_LEARNING_RATE = 1.0;

    /** Configuration keys (environment: upper case, {@code _} for {@code .} and {@code -}). */
    public static final String LEARNING_RATE_KEY = "cirstream.trainer.learning-rate";

    public static final String MAX_BATCH_SIZE_KEY = "cirstream.trainer.batch-size";
    public static final String MAX_EPOCHS_KEY = "cirstream.trainer.max-epochs";
    public static final String PATIENCE_KEY = "cirstream.trainer.patience";
    public static final String EARLY_STOPPING_METRIC_KEY = "cirstream.trainer.early-stopping-metric";
    public static final String SEED_KEY = "cirstream.trainer.seed";
    public static final String INITIALIZATION_KEY = "cirstream.trainer.init";

    public CombinerTrainingConfig {
        if (!(learningRate > 0 && learningRate <= MAX_LEARNING_RATE)) {
            throw new IllegalArgumentException(
                    "%s must be in (0, %s], was %s".formatted(LEARNING_RATE_KEY, MAX_LEARNING_RATE, learningRate));
        }
        if (maxBatchSize < MIN_BATCH_SIZE) {
            throw new IllegalArgumentException("%s must be at least %d (the loss needs negatives), was %d"
                    .formatted(MAX_BATCH_SIZE_KEY, MIN_BATCH_SIZE, maxBatchSize));
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("%s must be at least 1, was %d".formatted(MAX_EPOCHS_KEY, maxEpochs));
        }
        if (patience < 1) {
            throw new IllegalArgumentException("%s must be at least 1, was %d".formatted(PATIENCE_KEY, patience));
        }
        Objects.requireNonNull(earlyStoppingMetric, EARLY_STOPPING_METRIC_KEY);
        Objects.requireNonNull(initialization, INITIALIZATION_KEY);
    }

    /** CLIP4Cir's recipe: lr 2e-5, batch 4096, up to 300 epochs, patience 10 on recall@10, seed 0, warm start. */
    public static CombinerTrainingConfig defaults() {
        return new CombinerTrainingConfig(
                DEFAULT_LEARNING_RATE,
                DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_MAX_EPOCHS,
                DEFAULT_PATIENCE,
                RecallMetric.RECALL_AT_10,
                0L,
                CombinerInitialization.WARM_START);
    }

    /** The configuration under the {@code cirstream.trainer.*} keys, with {@link #defaults()} for the missing ones. */
    public static CombinerTrainingConfig from(Settings settings) {
        CombinerTrainingConfig defaults = defaults();
        return new CombinerTrainingConfig(
                settings.doubleValue(LEARNING_RATE_KEY, defaults.learningRate()),
                settings.integer(MAX_BATCH_SIZE_KEY, defaults.maxBatchSize()),
                settings.integer(MAX_EPOCHS_KEY, defaults.maxEpochs()),
                settings.integer(PATIENCE_KEY, defaults.patience()),
                RecallMetric.fromKey(settings.string(
                        EARLY_STOPPING_METRIC_KEY,
                        defaults.earlyStoppingMetric().key())),
                settings.longValue(SEED_KEY, defaults.seed()),
                CombinerInitialization.fromKey(settings.string(
                        INITIALIZATION_KEY, defaults.initialization().key())));
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return List.of(
                LEARNING_RATE_KEY,
                MAX_BATCH_SIZE_KEY,
                MAX_EPOCHS_KEY,
                PATIENCE_KEY,
                EARLY_STOPPING_METRIC_KEY,
                SEED_KEY,
                INITIALIZATION_KEY);
    }

    /** This configuration with another learning rate. */
    public CombinerTrainingConfig withLearningRate(double value) {
        return new CombinerTrainingConfig(
                value, maxBatchSize, maxEpochs, patience, earlyStoppingMetric, seed, initialization);
    }

    /** This configuration with another early-stopping metric. */
    public CombinerTrainingConfig withEarlyStoppingMetric(RecallMetric value) {
        return new CombinerTrainingConfig(learningRate, maxBatchSize, maxEpochs, patience, value, seed, initialization);
    }

    /** This configuration with another batch-size cap. */
    public CombinerTrainingConfig withMaxBatchSize(int value) {
        return new CombinerTrainingConfig(
                learningRate, value, maxEpochs, patience, earlyStoppingMetric, seed, initialization);
    }

    /** This configuration with another epoch limit. */
    public CombinerTrainingConfig withMaxEpochs(int value) {
        return new CombinerTrainingConfig(
                learningRate, maxBatchSize, value, patience, earlyStoppingMetric, seed, initialization);
    }

    /** This configuration with another patience. */
    public CombinerTrainingConfig withPatience(int value) {
        return new CombinerTrainingConfig(
                learningRate, maxBatchSize, maxEpochs, value, earlyStoppingMetric, seed, initialization);
    }

    /** This configuration with another seed. */
    public CombinerTrainingConfig withSeed(long value) {
        return new CombinerTrainingConfig(
                learningRate, maxBatchSize, maxEpochs, patience, earlyStoppingMetric, value, initialization);
    }

    /** This configuration with another initialisation. */
    public CombinerTrainingConfig withInitialization(CombinerInitialization value) {
        return new CombinerTrainingConfig(
                learningRate, maxBatchSize, maxEpochs, patience, earlyStoppingMetric, seed, value);
    }

    /** The batch size for {@code examples} training examples: {@code min(maxBatchSize, examples)}. */
    public int batchSizeFor(int examples) {
        return Math.min(maxBatchSize, examples);
    }
}
