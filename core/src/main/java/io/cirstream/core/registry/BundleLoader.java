package io.cirstream.core.registry;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.model.BundleArchive;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads an announced model bundle (new encoders, with the Combiner trained on them): the archive is fetched from the
 * model store into the cache and kept only with the announced SHA-256 ({@link VerifiedCopy}), unpacked into a
 * directory of its own (named by the archive's hash, so a changed archive never reuses an old directory) and opened
 * with the bundle's own checksums verified. The announcement must name the bundle's encoder version as both its
 * version and its encoder version, and the bundle's Combiner dimensions; the served model is the bundle's Combiner,
 * with the bundle directory as its file.
 */
public final class BundleLoader implements VersionLoader {

    /** The archive's file name in the model store. */
    public static final String ARCHIVE_FILE = "bundle.zip";

    private final ModelStore store;
    private final Path cacheDir;
    private final long maxBytes;

    /**
     * @param store the only store bundles are fetched from
     * @param cacheDir where verified archives and their unpacked bundles are kept
     * @param maxBytes the largest archive fetched, and the most bytes it may unpack to
     */
    public BundleLoader(ModelStore store, Path cacheDir, long maxBytes) {
        this.store = Objects.requireNonNull(store, "store");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.maxBytes = maxBytes;
    }

    @Override
    public ServingModel load(ModelVersion version) {
        String name = version.getModelName() + " " + version.getVersion();
        if (!version.getVersion().equals(version.getEncoderVersion())) {
            throw new ModelRejectedException(name + " announces encoder version " + version.getEncoderVersion()
                    + ": a bundle's version is its encoder version");
        }
        CombinerDims announced;
        try {
            announced = new CombinerDims(version.getFeatureDim(), version.getProjectionDim(), version.getHiddenDim());
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(name + " announces impossible dimensions: " + e.getMessage(), e);
        }
        String base = ModelStore.requireName("model name", version.getModelName()) + "-"
                + ModelStore.requireName("version", version.getVersion());
        Path archive = VerifiedCopy.fetch(store, version, cacheDir.resolve(base + ".zip"), maxBytes);
        Path directory = cacheDir.resolve(base + "-" + version.getSha256().substring(0, 16));
        ModelBundle bundle;
        try {
            bundle = unpacked(archive, directory);
        } catch (RuntimeException e) {
            throw new ModelRejectedException(name + ": the bundle does not open: " + e.getMessage(), e);
        }
        if (!bundle.encoderVersion().equals(version.getEncoderVersion())) {
            throw new ModelRejectedException(name + ": the bundle's encoders are version " + bundle.encoderVersion()
                    + ", not the announced " + version.getEncoderVersion());
        }
        if (!bundle.hasCombiner()) {
            throw new ModelRejectedException(
                    name + ": the bundle has no Combiner; a query instance needs one trained on these encoders");
        }
        try {
            CombinerWeights weights =
                    CombinerWeights.load(bundle.combinerFile()).requireDims(announced);
            return new ServingModel(version, weights, bundle.directory());
        } catch (RuntimeException e) {
            throw new ModelRejectedException(name + ": the bundle's Combiner does not load: " + e.getMessage(), e);
        }
    }

    /** The bundle unpacked in {@code directory}: reused when it opens verified, else unpacked afresh. */
    private ModelBundle unpacked(Path archive, Path directory) {
        if (Files.isDirectory(directory)) {
            try {
                return ModelBundle.open(directory, true);
            } catch (RuntimeException e) {
                deleteTree(directory);
            }
        }
        Path partial = directory.resolveSibling(directory.getFileName() + ".partial");
        deleteTree(partial);
        try {
            BundleArchive.unpack(archive, partial, maxBytes);
            Files.move(partial, directory);
        } catch (IOException e) {
            deleteTree(partial);
            throw new ModelUnavailableException("cannot place the unpacked bundle in " + directory + ": " + e, e);
        } catch (RuntimeException e) {
            deleteTree(partial);
            throw e;
        }
        return ModelBundle.open(directory, true);
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(VerifiedCopy::deleteQuietly);
        } catch (IOException e) {
            // left for the next load
        }
    }
}
