package io.cirstream.trainer.training;

import io.cirstream.core.combiner.CombinerWeights;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A completed training run: the best epoch's weights and how the run went. Nothing is published by training; this
 * object exists only once a run finished.
 *
 * @param best the weights after the best epoch (the last epoch when there are no held-out queries)
 * @param bestEpoch the best epoch, 1-based
 * @param curve every trained epoch, in order
 * @param bestMetrics the held-out metrics of {@code best} (empty without held-out queries)
 * @param initialMetrics the held-out metrics of the starting weights
 * @param plan how the run trained (sizes, batches, initialisation)
 * @param config the configuration it ran with
 * @param stopReason why it ended
 * @param seconds wall time of the whole run
 */
public record TrainingResult(
        CombinerWeights best,
        int bestEpoch,
        List<EpochReport> curve,
        Map<String, Double> bestMetrics,
        Map<String, Double> initialMetrics,
        TrainingPlan plan,
        CombinerTrainingConfig config,
        StopReason stopReason,
        double seconds) {

    public TrainingResult {
        Objects.requireNonNull(best, "best");
        curve = List.copyOf(curve);
        bestMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(bestMetrics));
        initialMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(initialMetrics));
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(stopReason, "stopReason");
    }

    /** Epochs trained. */
    public int epochsRun() {
        return curve.size();
    }
}
