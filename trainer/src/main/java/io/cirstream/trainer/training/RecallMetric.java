package io.cirstream.trainer.training;

import io.cirstream.core.config.ConfigKey;
import java.util.Arrays;
import java.util.List;

/** The held-out metrics: the fraction of queries whose target ranks within the top k of the catalogue. */
public enum RecallMetric {
    RECALL_AT_1(1),
    RECALL_AT_5(5),
    RECALL_AT_10(10),
    RECALL_AT_50(50);

    private final int k;

    RecallMetric(int k) {
        this.k = k;
    }

    /** The cut-off. */
    public int k() {
        return k;
    }

    /** The metric's name in reports and configuration: {@code recall_at_10}. */
    public String key() {
        return "recall_at_" + k;
    }

    /** The metric of a name such as {@code recall_at_10}. */
    public static RecallMetric fromKey(String key) {
        for (RecallMetric metric : values()) {
            if (metric.key().equalsIgnoreCase(key.trim())) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric '%s': use one of %s".formatted(key, keys()));
    }

    /** A configuration value naming a metric ({@code recall_at_10}). */
    public static final ConfigKey.Type<RecallMetric> TYPE =
            new ConfigKey.Type<>("one of " + keys(), RecallMetric::fromKey, RecallMetric::key);

    /** Every metric's name, smallest k first. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(RecallMetric::key).toList();
    }
}
