package io.cirstream.core.registry;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.schemas.avro.ModelVersion;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fetches an announced version's weights from the model store into a local cache and checks them before anything
 * uses them: the URI must be the configured store's (never an arbitrary location), the file's SHA-256 must be the
 * announced one, the dimensions must be the announced ones and the expected ones, and the encoder version the
 * expected one.
 */
public final class ModelLoader implements VersionLoader {

    private final ModelStore store;
    private final Path cacheDir;
    private final long maxWeightBytes;
    private final Optional<CombinerDims> expectedDims;
    private final Supplier<Set<String>> acceptedEncoderVersions;

    /**
     * @param store the only store weights are fetched from
     * @param cacheDir where verified copies are kept ({@code <model>-<version>.safetensors})
     * @param maxWeightBytes larger weight files are refused before they are downloaded
     * @param expectedDims the Combiner shape the reader needs, if it needs one
     * @param expectedEncoderVersion the CLIP encoder version the reader's features come from, if it has one
     */
    public ModelLoader(
            ModelStore store,
            Path cacheDir,
            long maxWeightBytes,
            Optional<CombinerDims> expectedDims,
            Optional<String> expectedEncoderVersion) {
        this(
                store,
                cacheDir,
                maxWeightBytes,
                expectedDims,
                expectedEncoderVersion
                        .<Supplier<Set<String>>>map(version -> () -> Set.of(version))
                        .orElse(null));
    }

    /**
     * A loader for a reader that holds several encoder versions at once (a query instance during a switch-over).
     *
     * @param acceptedEncoderVersions the encoder versions whose Combiners the reader can serve now; null: any
     */
    public ModelLoader(
            ModelStore store,
            Path cacheDir,
            long maxWeightBytes,
            Optional<CombinerDims> expectedDims,
            Supplier<Set<String>> acceptedEncoderVersions) {
        this.store = Objects.requireNonNull(store, "store");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.maxWeightBytes = maxWeightBytes;
        this.expectedDims = Objects.requireNonNull(expectedDims, "expectedDims");
        this.acceptedEncoderVersions = acceptedEncoderVersions;
    }

    /**
     * The verified, loaded version.
     *
     * @throws ModelRejectedException with the reason when it cannot be served
     * @throws ModelUnavailableException (a {@link ModelRejectedException}) when the weights cannot be fetched now
     */
    @Override
    public ServingModel load(ModelVersion version) {
        String name = version.getModelName() + " " + version.getVersion();
        CombinerDims announced;
        try {
            announced = new CombinerDims(version.getFeatureDim(), version.getProjectionDim(), version.getHiddenDim());
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(name + " announces impossible dimensions: " + e.getMessage(), e);
        }
        if (expectedDims.isPresent() && !expectedDims.get().equals(announced)) {
            throw new ModelRejectedException(
                    name + " is a Combiner for " + announced + " but this reader needs " + expectedDims.get());
        }
        if (acceptedEncoderVersions != null) {
            Set<String> accepted = acceptedEncoderVersions.get();
            if (!accepted.contains(version.getEncoderVersion())) {
                throw new ModelRejectedException(name + " was trained on encoder version " + version.getEncoderVersion()
                        + " but this reader's features come from "
                        + String.join(" or ", accepted.stream().sorted().toList()));
            }
        }
        Path file = VerifiedCopy.fetch(
                store,
                version,
                cacheDir.resolve(ModelStore.requireName("model name", version.getModelName()) + "-"
                        + ModelStore.requireName("version", version.getVersion()) + ".safetensors"),
                maxWeightBytes);
        try {
            CombinerWeights weights = CombinerWeights.load(file).requireDims(announced);
            return new ServingModel(version, weights, file);
        } catch (RuntimeException e) {
            throw new ModelRejectedException(
                    name + ": the weights at " + version.getUri() + " do not load: " + e.getMessage(), e);
        }
    }
}
