package io.cirstream.trainer.gate;

import java.util.Map;
import java.util.Objects;

/**
 * The version a candidate is compared with, evaluated on the same held-out set.
 *
 * @param version its name (an announced version, or the bundle's Combiner before any announcement)
 * @param metrics its held-out metrics
 */
public record Baseline(String version, Map<String, Double> metrics) {
    public Baseline {
        Objects.requireNonNull(version, "version");
        metrics = Map.copyOf(metrics);
    }
}
