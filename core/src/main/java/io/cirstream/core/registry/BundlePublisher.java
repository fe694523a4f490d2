package io.cirstream.core.registry;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.model.BundleArchive;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelVersionJson;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a model bundle with new encoders (a stage-1 result with its Combiner) on an encoder line, in the order that
 * never leaves a half-published version: the bundle verified and archived ({@link BundleArchive}), the archive stored
 * in the model store, the version's record stored, and only then announced on the model topic. The version is the
 * bundle's encoder version. Ingest instances that follow the line re-embed the catalogue into a new collection and
 * switch to it; query instances load the encoders and answer with them from the switch on.
 */
public final class BundlePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(BundlePublisher.class);

    private final ModelStore store;
    private final ModelAnnouncer announcer;
    private final Clock clock;

    public BundlePublisher(ModelStore store, ModelAnnouncer announcer, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores and announces the bundle on {@code line}.
     *
     * @param staging a directory for the archive before it goes to the store
     * @param metrics evaluation figures to announce with it (its validation recall, for example)
     * @param parent the encoder version it was trained from, if any
     * @return the announced version
     */
    public ModelVersion publish(
            String line, Path bundleDir, Path staging, Map<String, Double> metrics, Optional<String> parent) {
        ModelBundle bundle = ModelBundle.open(bundleDir, true);
        if (!bundle.hasCombiner()) {
            throw new IllegalArgumentException("the bundle " + bundleDir
                    + " has no Combiner: query instances need one trained on its encoders (train stage 2 first)");
        }
        String version = ModelStore.requireName("encoder version", bundle.encoderVersion());
        Path archive = staging.resolve(line + "-" + version + ".zip");
        try {
            Files.createDirectories(staging);
            String sha256 = BundleArchive.pack(bundleDir, archive);
            URI uri = store.putFile(line, version, BundleLoader.ARCHIVE_FILE, archive, sha256);
            CombinerDims dims = bundle.combinerDims();
            Instant now = clock.instant();
            ModelVersion record = ModelVersion.newBuilder()
                    .setModelName(line)
                    .setVersion(version)
                    .setParentVersion(parent.orElse(null))
                    .setUri(uri.toString())
                    .setSha256(sha256)
                    .setFeatureDim(dims.featureDim())
                    .setProjectionDim(dims.projectionDim())
                    .setHiddenDim(dims.hiddenDim())
                    .setEncoderVersion(version)
                    .setMetrics(Map.copyOf(metrics))
                    .setTrainingSetSize(0)
                    .setCreatedAt(now)
                    .build();
            store.putRecord(line, version, ModelVersionJson.write(record));
            announcer.announce(record);
            LOG.info("published bundle {} on {} ({}, sha256 {})", version, line, uri, sha256);
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the bundle archive in " + staging, e);
        } finally {
            VerifiedCopy.deleteQuietly(archive);
        }
    }
}
