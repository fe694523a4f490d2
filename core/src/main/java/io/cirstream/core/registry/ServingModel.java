package io.cirstream.core.registry;

import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.schemas.avro.ModelVersion;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model version whose weights were fetched, checked against the announced SHA-256 and dimensions, and loaded.
 *
 * @param version the announcement
 * @param weights the loaded weights
 * @param file the verified local copy of the weights
 */
public record ServingModel(ModelVersion version, CombinerWeights weights, Path file) {
    public ServingModel {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(file, "file");
    }

    /** The version's name. */
    public String name() {
        return version.getVersion();
    }
}
