package io.cirstream.trainer.app;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ServingModel;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What serves for one encoder version, as query instances see it: the latest announced Combiner version that the
 * registry verified, if it was trained on these encoders; otherwise (before any announcement, or while the latest one
 * is still for the encoders of before a switch-over) the Combiner of the bundle that brought these encoders, which
 * query instances serve with them until a version for them is announced.
 */
final class ServingVersions implements Supplier<Optional<ServingVersion>> {

    private final ModelRegistry registry;
    private final String encoderVersion;
    private final CombinerDims dims;
    private final Optional<ServingVersion> bundleCombiner;

    ServingVersions(
            ModelRegistry registry, String encoderVersion, CombinerDims dims, Optional<ServingVersion> bundleCombiner) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.encoderVersion = Objects.requireNonNull(encoderVersion, "encoderVersion");
        this.dims = Objects.requireNonNull(dims, "dims");
        this.bundleCombiner = Objects.requireNonNull(bundleCombiner, "bundleCombiner");
    }

    @Override
    public Optional<ServingVersion> get() {
        Optional<ServingModel> announced = registry.current()
                .filter(model -> model.version().getEncoderVersion().equals(encoderVersion))
                .filter(model -> model.weights().dims().equals(dims));
        if (announced.isPresent()) {
            ServingModel model = announced.get();
            return Optional.of(new ServingVersion(model.name(), Optional.of(model.name()), model.weights()));
        }
        return bundleCombiner;
    }
}
