package io.cirstream.trainer.app;

import io.cirstream.core.combiner.CombinerWeights;
import java.util.Objects;
import java.util.Optional;

/**
 * What query instances serve now, which a candidate must beat and may warm-start from.
 *
 * @param name the version's name in reports
 * @param announced the announced version's name; empty for the bundle's Combiner (served before any announcement)
 * @param weights its weights
 */
public record ServingVersion(String name, Optional<String> announced, CombinerWeights weights) {
    public ServingVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(announced, "announced");
        Objects.requireNonNull(weights, "weights");
    }
}
