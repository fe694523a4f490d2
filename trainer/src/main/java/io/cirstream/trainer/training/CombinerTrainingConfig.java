package io.cirstream.trainer.training;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
import java.util.List;
import java.util.Map;
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

    private static final ConfigKey.Type<CombinerInitialization> INITIALIZATION_TYPE = new ConfigKey.Type<>(
            "warm-start or from-scratch", CombinerInitialization::fromKey, CombinerInitialization::key);

    /** Configuration keys (environment: upper case, {@code _} for {@code .} and {@code -}). */
    public static final ConfigKey<Double> LEARNING_RATE_KEY = ConfigKey.of(
                    "cirstream.trainer.learning-rate", ConfigKey.DOUBLE)
            .withDefault(DEFAULT_LEARNING_RATE)
            .check(new ConfigKey.Check<>(
                    "in (0, " + MAX_LEARNING_RATE + "]", value -> value > 0 && value <= MAX_LEARNING_RATE))
            .doc("Adam's learning rate (CLIP4Cir)");

    public static final ConfigKey<Integer> MAX_BATCH_SIZE_KEY = ConfigKey.of(
                    "cirstream.trainer.batch-size", ConfigKey.INTEGER)
            .withDefault(DEFAULT_MAX_BATCH_SIZE)
            .check(new ConfigKey.Check<>(
                    "at least " + MIN_BATCH_SIZE + " (the loss needs negatives)", value -> value >= MIN_BATCH_SIZE))
            .doc("batch size cap; lowered to N when there are fewer examples");
    public static final ConfigKey<Integer> MAX_EPOCHS_KEY = ConfigKey.of(
                    "cirstream.trainer.max-epochs", ConfigKey.INTEGER)
            .withDefault(DEFAULT_MAX_EPOCHS)
            .check(ConfigKey.Check.atLeast(1))
            .doc("most epochs per run");
    public static final ConfigKey<Integer> PATIENCE_KEY = ConfigKey.of("cirstream.trainer.patience", ConfigKey.INTEGER)
            .withDefault(DEFAULT_PATIENCE)
            .check(ConfigKey.Check.atLeast(1))
            .doc("epochs without a better early-stopping metric before stopping");
    public static final ConfigKey<RecallMetric> EARLY_STOPPING_METRIC_KEY = ConfigKey.of(
                    "cirstream.trainer.early-stopping-metric", RecallMetric.TYPE)
            .withDefault(RecallMetric.RECALL_AT_10)
            .doc("the held-out metric that picks the best epoch and drives early stopping: `recall_at_1`,"
                    + " `recall_at_5`, `recall_at_10` or `recall_at_50`");
    public static final ConfigKey<Long> SEED_KEY = ConfigKey.of("cirstream.trainer.seed", ConfigKey.LONG)
            .withDefault(0L)
            .doc("shuffles, caption variants, dropout masks, from-scratch init");
    public static final ConfigKey<CombinerInitialization> INITIALIZATION_KEY = ConfigKey.of(
                    "cirstream.trainer.init", INITIALIZATION_TYPE)
            .withDefault(CombinerInitialization.WARM_START)
            .doc("`warm-start` (from the given weights; from scratch without) or `from-scratch`");

    public CombinerTrainingConfig {
        LEARNING_RATE_KEY.check(learningRate);
        MAX_BATCH_SIZE_KEY.check(maxBatchSize);
        MAX_EPOCHS_KEY.check(maxEpochs);
        PATIENCE_KEY.check(patience);
        Objects.requireNonNull(earlyStoppingMetric, EARLY_STOPPING_METRIC_KEY.name());
        Objects.requireNonNull(initialization, INITIALIZATION_KEY.name());
    }

    /** CLIP4Cir's recipe: lr 2e-5, batch 4096, up to 300 epochs, patience 10 on recall@10, seed 0, warm start. */
    public static CombinerTrainingConfig defaults() {
        return from(Settings.of(Map.of()));
    }

    /** The configuration under the {@code cirstream.trainer.*} keys, with {@link #defaults()} for the missing ones. */
    public static CombinerTrainingConfig from(Settings settings) {
        return new CombinerTrainingConfig(
                LEARNING_RATE_KEY.read(settings),
                MAX_BATCH_SIZE_KEY.read(settings),
                MAX_EPOCHS_KEY.read(settings),
                PATIENCE_KEY.read(settings),
                EARLY_STOPPING_METRIC_KEY.read(settings),
                SEED_KEY.read(settings),
                INITIALIZATION_KEY.read(settings));
    }

    /** The declarations of every key {@link #from(Settings)} reads, in table order. */
    public static List<ConfigKey<?>> declared() {
        return List.of(
                LEARNING_RATE_KEY,
                MAX_BATCH_SIZE_KEY,
                MAX_EPOCHS_KEY,
                PATIENCE_KEY,
                EARLY_STOPPING_METRIC_KEY,
                SEED_KEY,
                INITIALIZATION_KEY);
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
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
