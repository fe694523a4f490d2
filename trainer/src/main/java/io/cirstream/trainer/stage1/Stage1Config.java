package io.cirstream.trainer.stage1;

import java.util.Objects;

/**
 * How stage 1 trains.
 *
 * @param optimizer AdamW's settings (the published ones: lr 2e-6, eps 1e-7, weight decay 0.01)
 * @param encoders which encoders train
 * @param batchSize triplets per optimiser step (CLIP4Cir: 128)
 * @param accumulation micro-batches a step's batch is split into when it does not fit at once: each micro-batch's
 *     loss uses its own in-batch negatives, their gradients are averaged, then AdamW steps once
 * @param maxEpochs the epoch limit (CLIP4Cir: about 100)
 * @param patience stop after this many epochs without a better validation metric
 * @param metric the validation metric the best epoch is chosen by ({@code recall_at_10}, in [0, 1])
 * @param seed shuffles and caption-variant draws
 * @param batching how triplets are put into batches ({@link Batching#RANDOM} is the published recipe)
 * @param precision float32 throughout, or mixed precision (float16 forward/backward, float32 masters, dynamic loss
 *     scaling: {@link MixedPrecision}), meant for GPUs
 */
public record Stage1Config(
        AdamWSettings optimizer,
        EncoderSelection encoders,
        int batchSize,
        int accumulation,
        int maxEpochs,
        int patience,
        String metric,
        long seed,
        Batching batching,
        Precision precision) {

    /** CLIP4Cir's batch size. */
    public static final int PUBLISHED_BATCH_SIZE = 128;

    /** The default epoch limit. */
    public static final int DEFAULT_MAX_EPOCHS = 100;

    /** The default patience. */
    public static final int DEFAULT_PATIENCE = 10;

    /** The default validation metric. */
    public static final String DEFAULT_METRIC = "recall_at_10";

    public Stage1Config {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(encoders, "encoders");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(precision, "precision");
        if (accumulation < 1 || batchSize < 2 * accumulation || batchSize % accumulation != 0) {
            throw new IllegalArgumentException(("batchSize %d must split into %d micro-batches of at least 2 triplets"
                            + " (a multiple of the accumulation)")
                    .formatted(batchSize, accumulation));
        }
        if (maxEpochs < 1 || patience < 1) {
            throw new IllegalArgumentException(
                    "maxEpochs (%d) and patience (%d) must be >= 1".formatted(maxEpochs, patience));
        }
    }

    /** In float32. */
    public Stage1Config(
            AdamWSettings optimizer,
            EncoderSelection encoders,
            int batchSize,
            int accumulation,
            int maxEpochs,
            int patience,
            String metric,
            long seed,
            Batching batching) {
        this(optimizer, encoders, batchSize, accumulation, maxEpochs, patience, metric, seed, batching, Precision.FP32);
    }

    /** The published recipe: both encoders, AdamW 2e-6, batch 128 in one piece, 100 epochs, patience 10, seed 0. */
    public static Stage1Config published() {
        return new Stage1Config(
                AdamWSettings.published(),
                EncoderSelection.BOTH,
                PUBLISHED_BATCH_SIZE,
                1,
                DEFAULT_MAX_EPOCHS,
                DEFAULT_PATIENCE,
                DEFAULT_METRIC,
                0,
                Batching.RANDOM);
    }

    /** Triplets per micro-batch. */
    public int microBatchSize() {
        return batchSize / accumulation;
    }

    /** The batch size that trains on {@code triplets}: at most all of them, and a multiple of the accumulation. */
    public int batchSizeFor(int triplets) {
        int size = Math.min(batchSize, triplets);
        return size - size % accumulation;
    }
}
