package io.cirstream.trainer.publish;

import io.cirstream.core.combiner.CombinerWeights;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A promoted Combiner about to become a model version.
 *
 * @param modelName the model line
 * @param parentVersion the version it was trained from (warm start), if any
 * @param weights the weights
 * @param encoderVersion the CLIP encoder version of the features it was trained on
 * @param metrics its held-out metrics
 * @param trainingSetSize the triplets it was trained on
 */
public record Candidate(
        String modelName,
        Optional<String> parentVersion,
        CombinerWeights weights,
        String encoderVersion,
        Map<String, Double> metrics,
        long trainingSetSize) {

    public Candidate {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(parentVersion, "parentVersion");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(encoderVersion, "encoderVersion");
        metrics = Map.copyOf(metrics);
    }
}
