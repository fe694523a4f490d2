package io.cirstream.trainer.gate;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
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

    public static final RecallMetric DEFAULT_METRIC = RecallMetric.RECALL_AT_10;
    public static final double DEFAULT_MARGIN = 0.0;
    public static final int DEFAULT_MIN_HELD_OUT = 10;

    public static final ConfigKey<RecallMetric> METRIC_KEY = ConfigKey.of(
                    "cirstream.trainer.gate.metric", RecallMetric.TYPE)
            .withDefault(DEFAULT_METRIC)
            .doc("the held-out metric the gate compares");
    public static final ConfigKey<Double> MARGIN_KEY = ConfigKey.of("cirstream.trainer.gate.margin", ConfigKey.DOUBLE)
            .withDefault(DEFAULT_MARGIN)
            .check(ConfigKey.Check.fraction())
            .doc("how much higher the candidate's value must be (absolute); 0: merely higher");
    public static final ConfigKey<Integer> MIN_HELD_OUT_KEY = ConfigKey.of(
                    "cirstream.trainer.gate.min-held-out", ConfigKey.INTEGER)
            .withDefault(DEFAULT_MIN_HELD_OUT)
            .check(ConfigKey.Check.atLeast(1))
            .doc("fewest held-out triplets a decision is taken on; with fewer every candidate is rejected");

    public GateConfig {
        Objects.requireNonNull(metric, "metric");
        MARGIN_KEY.check(margin);
        MIN_HELD_OUT_KEY.check(minHeldOut);
    }

    /** The gate configured in {@code settings}. */
    public static GateConfig from(Settings settings) {
        return new GateConfig(METRIC_KEY.read(settings), MARGIN_KEY.read(settings), MIN_HELD_OUT_KEY.read(settings));
    }

    /** The declarations of the gate's keys, in table order. */
    public static List<ConfigKey<?>> declared() {
        return List.of(METRIC_KEY, MARGIN_KEY, MIN_HELD_OUT_KEY);
    }

    /** The configuration keys of the gate. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
    }
}
