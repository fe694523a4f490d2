package io.cirstream.trainer.publish;

import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelVersionJson;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a promoted Combiner in the only order that never leaves a half-published version: the weights are written
 * as safetensors (CLIP4Cir's key layout) and fsynced, their SHA-256 taken, the file stored in the model store, then the
 * version's record stored (which makes the version complete in the store), and only then the version is announced on
 * the model topic. A crash before the announcement leaves at most a stored version that nothing serves; readers only
 * ever see announced versions, whose files are complete and checksummed.
 */
public final class ModelPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int VERSION_HASH_CHARS = 8;

    private final ModelStore store;
    private final ModelAnnouncer announcer;
    private final Clock clock;

    public ModelPublisher(ModelStore store, ModelAnnouncer announcer, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores and announces the candidate.
     *
     * @param staging a directory for the weights file before it goes to the store (the run's directory)
     * @return the announced version
     */
    public ModelVersion publish(Candidate candidate, Path staging) {
        Path weightsFile = staging.resolve(ModelStore.WEIGHTS_FILE);
        try {
            Files.createDirectories(staging);
            candidate.weights().save(weightsFile);
            String sha256 = ModelBundle.sha256(weightsFile);
            Instant now = clock.instant();
            String version = versionName(now, sha256);
            URI uri = store.putWeights(candidate.modelName(), version, weightsFile, sha256);
            ModelVersion record = ModelVersion.newBuilder()
                    .setModelName(candidate.modelName())
                    .setVersion(version)
                    .setParentVersion(candidate.parentVersion().orElse(null))
                    .setUri(uri.toString())
                    .setSha256(sha256)
                    .setFeatureDim(candidate.weights().dims().featureDim())
                    .setProjectionDim(candidate.weights().dims().projectionDim())
                    .setHiddenDim(candidate.weights().dims().hiddenDim())
                    .setEncoderVersion(candidate.encoderVersion())
                    .setMetrics(candidate.metrics())
                    .setTrainingSetSize(candidate.trainingSetSize())
                    .setCreatedAt(now)
                    .build();
            store.putRecord(candidate.modelName(), version, ModelVersionJson.write(record));
            announcer.announce(record);
            LOG.info("published {} {} ({}, sha256 {})", candidate.modelName(), version, uri, sha256);
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the weights in " + staging, e);
        } finally {
            try {
                Files.deleteIfExists(weightsFile);
            } catch (IOException e) {
                LOG.warn("cannot delete the staged weights {}: {}", weightsFile, e.toString());
            }
        }
    }

    /** Versions sort by time of creation: {@code 20261201T185512Z-3fa2b1c0} (UTC, then the weights' hash). */
    static String versionName(Instant created, String sha256) {
        return VERSION_TIME.format(created) + "-" + sha256.substring(0, VERSION_HASH_CHARS);
    }
}
