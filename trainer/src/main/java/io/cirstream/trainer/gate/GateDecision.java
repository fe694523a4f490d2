package io.cirstream.trainer.gate;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate's verdict on one candidate, with the numbers it was taken on.
 *
 * @param promote whether the candidate may replace the serving version
 * @param reason why, in words with the values
 * @param metric the metric compared
 * @param margin the margin required
 * @param candidate the candidate's held-out metrics
 * @param serving the serving version and its held-out metrics, if one serves
 * @param heldOutQueries the held-out queries both were evaluated on
 */
public record GateDecision(
        boolean promote,
        String reason,
        String metric,
        double margin,
        Map<String, Double> candidate,
        Optional<Baseline> serving,
        int heldOutQueries) {

    public GateDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(metric, "metric");
        candidate = Map.copyOf(candidate);
        Objects.requireNonNull(serving, "serving");
    }

    /** The candidate's value minus the serving version's, when one serves. */
    public Optional<Double> improvement() {
        return serving.map(
                baseline -> candidate.get(metric) - baseline.metrics().get(metric));
    }
}
