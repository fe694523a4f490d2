package io.cirstream.trainer.gate;

import io.cirstream.trainer.training.RecallMetric;
import java.util.List;
import java.util.Objects;

/**
 * When a candidate may replace the serving version.
 *
 * @param metric the held-out metric compared
 * @param margin how much higher the candidate's value must be (absolute, in [0, 1)); with 0 it must merely be higher
 * @param minHeldOut the fewest held-out queries a decision is taken on; with fewer every candidate is rejected
 */
public record GateConfig(RecallMetric metric, double margin, int minHeldOut) {

    public static final String METRIC_KEY = "cirstream.trainer.gate.metric";
    public static final String MARGIN_KEY = "cirstream.trainer.gate.margin";
    public static final String MIN_HELD_OUT_KEY = "cirstream.trainer.gate.min-held-out";

    public static final RecallMetric DEFAULT_METRIC = RecallMetric.RECALL_AT_10;
    public static final double DEFAULT_MARGIN = 0.0;
    public static final int DEFAULT_MIN_HELD_OUT = 10;

    public GateConfig {
        Objects.requireNonNull(metric, "metric");
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException(MARGIN_KEY + " must be in [0, 1), got " + margin);
        }
        if (minHeldOut < 1) {
            throw new IllegalArgumentException(MIN_HELD_OUT_KEY + " must be >= 1, got " + minHeldOut);
        }
    }

    /** The configuration keys of the gate. */
    public static List<String> keys() {
        return List.of(METRIC_KEY, MARGIN_KEY, MIN_HELD_OUT_KEY);
    }
}
