package io.cirstream.trainer.training;

/**
 * Hears how a training run goes, on the training thread (keep it quick): once at the start, after every batch and
 * after every epoch's held-out evaluation.
 */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};

    /** The run is set up and its starting weights evaluated; batches follow. */
    default void onStart(TrainingPlan plan) {}

    /** Batch {@code batch} (1-based) of {@code batches} in epoch {@code epoch} (1-based) took its step. */
    default void onBatch(int epoch, int batch, int batches, double loss) {}

    /** An epoch ended and was evaluated. */
    default void onEpoch(EpochReport report) {}
}
