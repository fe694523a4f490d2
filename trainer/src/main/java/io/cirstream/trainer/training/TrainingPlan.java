package io.cirstream.trainer.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run will train, known once it is set up.
 *
 * @param examples training examples
 * @param heldOutQueries held-out queries each epoch is evaluated on
 * @param batchSize examples per batch: {@code min(maxBatchSize, examples)}
 * @param batchesPerEpoch full batches per epoch, {@code floor(examples / batchSize)}
 * @param leftOutPerEpoch examples that sit each epoch out ({@code examples mod batchSize}; different ones every epoch)
 * @param maxEpochs the epoch limit
 * @param initialization where the weights started (warm start falls back to from scratch without weights)
 * @param initialMetrics the held-out metrics of the starting weights (empty without held-out queries)
 */
public record TrainingPlan(
        int examples,
        int heldOutQueries,
        int batchSize,
        int batchesPerEpoch,
        int leftOutPerEpoch,
        int maxEpochs,
        CombinerInitialization initialization,
        Map<String, Double> initialMetrics) {

    public TrainingPlan {
        initialMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(initialMetrics));
    }
}
