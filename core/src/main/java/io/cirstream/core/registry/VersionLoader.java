package io.cirstream.core.registry;

import io.cirstream.schemas.avro.ModelVersion;

/**
 * Fetches an announced version from the model store and checks it before a {@link ModelRegistry} serves it: a
 * Combiner's weights ({@link ModelLoader}) or a whole model bundle with new encoders ({@link BundleLoader}).
 */
@FunctionalInterface
public interface VersionLoader {

    /**
     * The verified, loaded version.
     *
     * @throws ModelRejectedException with the reason when it cannot be served
     * @throws ModelUnavailableException (a {@link ModelRejectedException}) when its files cannot be fetched now
     */
    ServingModel load(ModelVersion version);
}
