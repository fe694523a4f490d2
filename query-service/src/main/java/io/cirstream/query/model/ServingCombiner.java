package io.cirstream.query.model;

import io.cirstream.core.combiner.Combiner;
import io.cirstream.schemas.avro.ModelVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * A Combiner version loaded, verified and warmed up, ready to compose queries.
 *
 * @param version its name: the announced version, or {@code bundle:<combiner version>} for the bundle's own
 * @param combiner the loaded Combiner
 * @param announcement the announcement it came from; empty for the bundle's Combiner
 */
public record ServingCombiner(String version, Combiner combiner, Optional<ModelVersion> announcement) {
    public ServingCombiner {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(combiner, "combiner");
        Objects.requireNonNull(announcement, "announcement");
    }
}
