package io.cirstream.trainer.gate;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a candidate replaces the serving version: both evaluated on the same held-out triplets against the
 * same catalogue, the candidate must be better on the chosen metric by at least the margin (and strictly better with a
 * margin of 0). Without enough held-out triplets no decision is trusted and the candidate is rejected; with no serving
 * version at all the candidate is promoted.
 */
public final class EvaluationGate {

    private final GateConfig config;

    public EvaluationGate(GateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The verdict on a candidate with these held-out metrics. */
    public GateDecision decide(Map<String, Double> candidate, Optional<Baseline> serving, int heldOutQueries) {
        String metric = config.metric().key();
        if (heldOutQueries < config.minHeldOut()) {
            return decision(
                    false,
                    "only %d held-out triplets; the gate needs at least %d (%s)"
                            .formatted(heldOutQueries, config.minHeldOut(), GateConfig.MIN_HELD_OUT_KEY.name()),
                    candidate,
                    serving,
                    heldOutQueries);
        }
        double value = value(candidate, metric, "candidate");
        if (serving.isEmpty()) {
            return decision(
                    true,
                    "no version serves yet; the candidate has %s %.4f".formatted(metric, value),
                    candidate,
                    serving,
                    heldOutQueries);
        }
        double current = value(
                serving.get().metrics(),
                metric,
                "serving version " + serving.get().version());
        double improvement = value - current;
        boolean better = improvement > 0 && improvement >= config.margin();
        String comparison = "candidate %s %.4f vs %.4f for serving %s: %+.4f, margin %.4f"
                .formatted(metric, value, current, serving.get().version(), improvement, config.margin());
        return decision(
                better,
                (better ? "better: " : "not better by the margin: ") + comparison,
                candidate,
                serving,
                heldOutQueries);
    }

    private GateDecision decision(
            boolean promote, String reason, Map<String, Double> candidate, Optional<Baseline> serving, int queries) {
        return new GateDecision(promote, reason, config.metric().key(), config.margin(), candidate, serving, queries);
    }

    private static double value(Map<String, Double> metrics, String metric, String whose) {
        Double value = metrics.get(metric);
        if (value == null) {
            throw new IllegalArgumentException(
                    "the " + whose + " has no " + metric + " (has " + metrics.keySet() + ")");
        }
        return value;
    }
}
