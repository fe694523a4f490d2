package io.cirstream.trainer.stage1;

import java.util.Map;

/**
 * How a stage-1 run will train, known once it is set up.
 *
 * @param triplets training triplets
 * @param dropped training triplets left out (an image failed)
 * @param batchSize triplets per step
 * @param microBatchSize triplets per forward/backward (the batch over the accumulation)
 * @param batchesPerEpoch steps per epoch
 * @param maxEpochs the epoch limit
 * @param trainedWeights scalar weights AdamW moves
 * @param initialMetrics validation metrics of the source bundle (the zero-shot sum)
 */
public record Stage1Plan(
        int triplets,
        int dropped,
        int batchSize,
        int microBatchSize,
        int batchesPerEpoch,
        int maxEpochs,
        long trainedWeights,
        Map<String, Double> initialMetrics) {

    public Stage1Plan {
        initialMetrics = Map.copyOf(initialMetrics);
    }
}
