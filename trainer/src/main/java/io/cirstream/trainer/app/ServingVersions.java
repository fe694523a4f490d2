package io.cirstream.trainer.app;

import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ServingModel;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What serves now, as query instances see it: the latest announced version that the registry verified, or, before any
 * announcement (or when none could be used), the model bundle's own Combiner, which query instances serve until a
 * version is announced.
 */
final class ServingVersions implements Supplier<Optional<ServingVersion>> {

    private final ModelRegistry registry;
    private final Optional<ServingVersion> bundleCombiner;

    ServingVersions(ModelRegistry registry, ModelBundle bundle) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.bundleCombiner = bundle.hasCombiner()
                ? Optional.of(new ServingVersion(
                        "bundle:" + bundle.combinerVersion(),
                        Optional.empty(),
                        CombinerWeights.load(bundle.combinerFile())))
                : Optional.empty();
    }

    @Override
    public Optional<ServingVersion> get() {
        Optional<ServingModel> announced = registry.current();
        if (announced.isPresent()) {
            ServingModel model = announced.get();
            return Optional.of(new ServingVersion(model.name(), Optional.of(model.name()), model.weights()));
        }
        return bundleCombiner;
    }
}
