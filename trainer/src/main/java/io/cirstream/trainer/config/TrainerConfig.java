package io.cirstream.trainer.config;

import io.cirstream.core.config.Ports;
import io.cirstream.core.config.Settings;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.trainer.gate.GateConfig;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.training.RecallMetric;
import io.cirstream.trainer.trigger.TriggerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Everything the trainer service is configured with, validated; read by {@link #from(Settings)} from system
 * properties and the environment (see the module README for every key).
 *
 * @param bootstrapServers the Kafka cluster
 * @param groupId the consumer group the triplet offsets are committed under (for lag monitoring)
 * @param bundle the model bundle: text encoder, feature dimension, encoder version, and the Combiner that serves
 *     before any version was announced
 * @param verifyBundle whether the bundle's file checksums are checked on start
 * @param runtime the libtorch device, threads and batch sizes
 * @param store the vector store the catalogue features come from
 * @param modelStore where versions are written
 * @param dataDirectory the trainer's own files: training log, text feature cache, run reports, model cache
 * @param modelName the model line the trainer publishes (the model topic's key)
 * @param heldOutFraction the share of triplets held out for the evaluation, by a stable hash of the triplet id
 * @param training the Combiner training recipe
 * @param gate when a candidate is promoted
 * @param triggers when runs start by themselves
 * @param httpPort health, metrics and the training API (0 = a free port)
 * @param followEncoders whether the trainer follows the encoder line: it trains for each announced bundle's encoders
 * @param encoderLine the encoder line's name on the model topic ({@link EncoderLine})
 */
public record TrainerConfig(
        String bootstrapServers,
        String groupId,
        Path bundle,
        boolean verifyBundle,
        RuntimeConfig runtime,
        VectorStoreConfig store,
        ModelStoreConfig modelStore,
        Path dataDirectory,
        String modelName,
        double heldOutFraction,
        CombinerTrainingConfig training,
        GateConfig gate,
        TriggerConfig triggers,
        int httpPort,
        boolean followEncoders,
        String encoderLine) {

    public static final String BOOTSTRAP_SERVERS = "cirstream.kafka.bootstrap-servers";
    public static final String GROUP_ID = "cirstream.trainer.group-id";
    public static final String BUNDLE = "cirstream.model.bundle";
    public static final String VERIFY_BUNDLE = "cirstream.model.verify-bundle";
    public static final String DATA_DIRECTORY = "cirstream.trainer.data-dir";
    public static final String MODEL_NAME = "cirstream.trainer.model-name";
    public static final String HELD_OUT_FRACTION = "cirstream.trainer.held-out-fraction";
    public static final String HTTP_PORT = "cirstream.trainer.http.port";
    public static final String FOLLOW_ENCODERS = "cirstream.trainer.follow-encoders";

    public static final String DEFAULT_GROUP_ID = "cirstream-trainer";
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "trainer");
    public static final String DEFAULT_MODEL_NAME = "combiner";
    public static final double DEFAULT_HELD_OUT_FRACTION = 0.1;
    public static final int DEFAULT_HTTP_PORT = 8083;

    public TrainerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(modelStore, "modelStore");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(triggers, "triggers");
        ModelStore.requireName(MODEL_NAME, modelName);
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException(
                    HELD_OUT_FRACTION + " must be in (0, 1): the gate needs held-out triplets, got " + heldOutFraction);
        }
        Ports.requireListenPort(HTTP_PORT, httpPort);
        ModelStore.requireName(EncoderLine.KEY, encoderLine);
        if (encoderLine.equals(modelName)) {
            throw new IllegalArgumentException(EncoderLine.KEY + " and " + MODEL_NAME
                    + " must differ: bundles and Combiner versions are announced under their own keys, got "
                    + modelName);
        }
    }

    /** The configuration in {@code settings}; throws {@link IllegalArgumentException} naming a bad key and value. */
    public static TrainerConfig from(Settings settings) {
        return new TrainerConfig(
                settings.requiredString(BOOTSTRAP_SERVERS),
                settings.string(GROUP_ID, DEFAULT_GROUP_ID),
                Path.of(settings.requiredString(BUNDLE)),
                settings.bool(VERIFY_BUNDLE, true),
                RuntimeConfig.from(settings),
                VectorStoreConfig.from(settings),
                ModelStoreConfig.from(settings),
                settings.path(DATA_DIRECTORY, DEFAULT_DATA_DIRECTORY),
                settings.string(MODEL_NAME, DEFAULT_MODEL_NAME),
                settings.doubleValue(HELD_OUT_FRACTION, DEFAULT_HELD_OUT_FRACTION),
                CombinerTrainingConfig.from(settings),
                new GateConfig(
                        RecallMetric.fromKey(settings.string(GateConfig.METRIC_KEY, GateConfig.DEFAULT_METRIC.key())),
                        settings.doubleValue(GateConfig.MARGIN_KEY, GateConfig.DEFAULT_MARGIN),
                        settings.integer(GateConfig.MIN_HELD_OUT_KEY, GateConfig.DEFAULT_MIN_HELD_OUT)),
                new TriggerConfig(
                        settings.longValue(TriggerConfig.EVERY_TRIPLETS_KEY, TriggerConfig.DEFAULT_EVERY_TRIPLETS),
                        settings.duration(TriggerConfig.INTERVAL_KEY, TriggerConfig.DEFAULT_INTERVAL),
                        settings.integer(TriggerConfig.MIN_TRIPLETS_KEY, TriggerConfig.DEFAULT_MIN_TRIPLETS)),
                settings.integer(HTTP_PORT, DEFAULT_HTTP_PORT),
                settings.bool(FOLLOW_ENCODERS, true),
                EncoderLine.from(settings));
    }

    /**
     * Every configuration key {@link #from(Settings)} reads, its parts' included (runtime, stores, recipe, gate,
     * triggers), sorted: what {@code cirstream serve trainer} accepts and the deployment files may set.
     */
    public static List<String> keys() {
        return Stream.of(
                        List.of(
                                BOOTSTRAP_SERVERS,
                                GROUP_ID,
                                BUNDLE,
                                VERIFY_BUNDLE,
                                DATA_DIRECTORY,
                                MODEL_NAME,
                                HELD_OUT_FRACTION,
                                HTTP_PORT,
                                FOLLOW_ENCODERS,
                                EncoderLine.KEY),
                        RuntimeConfig.keys(),
                        VectorStoreConfig.keys(),
                        ModelStoreConfig.keys(),
                        CombinerTrainingConfig.keys(),
                        GateConfig.keys(),
                        TriggerConfig.keys())
                .flatMap(List::stream)
                .distinct()
                .sorted()
                .toList();
    }

    /** The directory of the training log. */
    public Path logDirectory() {
        return dataDirectory.resolve("log");
    }

    /** The directory of the text feature cache. */
    public Path textCacheDirectory() {
        return dataDirectory.resolve("text-features");
    }

    /** The directory holding one sub-directory per run (report, training curve). */
    public Path runsDirectory() {
        return dataDirectory.resolve("runs");
    }

    /** The directory of verified copies of bundles announced on the encoder line, and their unpacked directories. */
    public Path encoderCacheDirectory() {
        return dataDirectory.resolve("encoders");
    }

    /** The directory of verified copies of served weights. */
    public Path modelCacheDirectory() {
        return dataDirectory.resolve("model-cache");
    }
}
