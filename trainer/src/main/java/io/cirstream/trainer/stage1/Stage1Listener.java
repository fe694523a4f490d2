package io.cirstream.trainer.stage1;

import io.cirstream.trainer.training.EpochReport;

/** Hears how a stage-1 run goes, on the training thread (keep it quick). */
public interface Stage1Listener {

    /** A listener that ignores everything. */
    Stage1Listener NONE = new Stage1Listener() {};

    /** The run is set up and the source bundle validated; steps follow. */
    default void onStart(Stage1Plan plan) {}

    /** Step {@code batch} (1-based) of {@code batches} in epoch {@code epoch} took place with this mean loss. */
    default void onBatch(int epoch, int batch, int batches, double loss) {}

    /** An epoch ended and its bundle was validated. */
    default void onEpoch(EpochReport report) {}
}
