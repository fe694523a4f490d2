package io.cirstream.trainer.dataset;

import io.cirstream.trainer.training.HeldOutSet;
import io.cirstream.trainer.training.TrainingExample;
import java.util.List;
import java.util.Objects;

/**
 * What one training run trains and evaluates on.
 *
 * @param training the training examples (raw features)
 * @param heldOut the catalogue and the held-out queries
 * @param triplets the triplets the log held
 * @param dropped how many of them were dropped because their reference or target is no longer in the store
 * @param droppedExamples a few of the dropped triplet ids, for the report
 * @param catalogueSize products in the catalogue snapshot
 */
public record TrainingData(
        List<TrainingExample> training,
        HeldOutSet heldOut,
        int triplets,
        int dropped,
        List<String> droppedExamples,
        int catalogueSize) {

    public TrainingData {
        training = List.copyOf(training);
        Objects.requireNonNull(heldOut, "heldOut");
        droppedExamples = List.copyOf(droppedExamples);
    }
}
