package io.cirstream.core.registry;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.io.DurableFiles;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelStoreException;
import io.cirstream.core.modelstore.ModelStoreUnavailableException;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches an announced version's weights from the model store into a local cache and checks them before anything
 * uses them: the URI must be the configured store's (never an arbitrary location), the file's SHA-256 must be the
 * announced one, the dimensions must be the announced ones and the expected ones, and the encoder version the
 * expected one.
 */
public final class ModelLoader {

    private static final String PARTIAL_SUFFIX = ".partial";

    private final ModelStore store;
    private final Path cacheDir;
    private final long maxWeightBytes;
    private final Optional<CombinerDims> expectedDims;
    private final Optional<String> expectedEncoderVersion;

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
        this.store = Objects.requireNonNull(store, "store");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.maxWeightBytes = maxWeightBytes;
        this.expectedDims = Objects.requireNonNull(expectedDims, "expectedDims");
        this.expectedEncoderVersion = Objects.requireNonNull(expectedEncoderVersion, "expectedEncoderVersion");
    }

    /**
     * The verified, loaded version.
     *
     * @throws ModelRejectedException with the reason when it cannot be served
     * @throws ModelUnavailableException (a {@link ModelRejectedException}) when the weights cannot be fetched now
     */
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
        if (expectedEncoderVersion.isPresent() && !expectedEncoderVersion.get().equals(version.getEncoderVersion())) {
            throw new ModelRejectedException(name + " was trained on encoder version " + version.getEncoderVersion()
                    + " but this reader's features come from " + expectedEncoderVersion.get());
        }
        URI uri;
        try {
            uri = new URI(version.getUri());
        } catch (URISyntaxException e) {
            throw new ModelRejectedException(name + " names weights at an invalid URI: " + e.getMessage(), e);
        }
        Path file = cacheDir.resolve(ModelStore.requireName("model name", version.getModelName()) + "-"
                + ModelStore.requireName("version", version.getVersion()) + ".safetensors");
        if (!Files.isRegularFile(file) || !ModelBundle.sha256(file).equals(version.getSha256())) {
            fetch(name, uri, file);
        }
        String actual = ModelBundle.sha256(file);
        if (!actual.equals(version.getSha256())) {
            deleteQuietly(file);
            throw new ModelRejectedException(name + ": the weights at " + uri + " have sha256 " + actual
                    + " but the announcement says " + version.getSha256() + " (altered or replaced file)");
        }
        try {
            CombinerWeights weights = CombinerWeights.load(file).requireDims(announced);
            return new ServingModel(version, weights, file);
        } catch (RuntimeException e) {
            throw new ModelRejectedException(name + ": the weights at " + uri + " do not load: " + e.getMessage(), e);
        }
    }

    private void fetch(String name, URI uri, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
        try {
            Files.createDirectories(cacheDir);
            store.fetch(uri, partial, maxWeightBytes);
            DurableFiles.move(partial, file);
        } catch (ModelStoreUnavailableException e) {
            throw new ModelUnavailableException(name + ": " + e.getMessage(), e);
        } catch (ModelStoreException e) {
            throw new ModelRejectedException(name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelUnavailableException(name + ": cannot cache the weights in " + cacheDir + ": " + e, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next load replaces it
        }
    }
}
