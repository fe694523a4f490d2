package io.cirstream.trainer.config;

import io.cirstream.core.config.CommonKeys;
import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.trainer.gate.GateConfig;
import io.cirstream.trainer.training.CombinerTrainingConfig;
import io.cirstream.trainer.trigger.TriggerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = CommonKeys.BOOTSTRAP_SERVERS;
    public static final ConfigKey<Path> BUNDLE = CommonKeys.BUNDLE;
    public static final ConfigKey<Boolean> VERIFY_BUNDLE = CommonKeys.VERIFY_BUNDLE;

    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "trainer");
    public static final String DEFAULT_MODEL_NAME = "combiner";
    public static final int DEFAULT_HTTP_PORT = 8083;

    public static final ConfigKey<String> GROUP_ID = ConfigKey.of("cirstream.trainer.group-id", ConfigKey.STRING)
            .withDefault("cirstream-trainer")
            .doc("the consumer group triplet offsets are committed under (lag monitoring)");
    public static final ConfigKey<Path> DATA_DIRECTORY = ConfigKey.of("cirstream.trainer.data-dir", ConfigKey.PATH)
            .withDefault(DEFAULT_DATA_DIRECTORY)
            .doc("training log, text feature cache, run reports, verified model cache");
    public static final ConfigKey<String> MODEL_NAME = ConfigKey.of("cirstream.trainer.model-name", ConfigKey.STRING)
            .withDefault(DEFAULT_MODEL_NAME)
            .doc("the model line the trainer publishes (the `cir.models` key)");
    public static final ConfigKey<Double> HELD_OUT_FRACTION = ConfigKey.of(
                    "cirstream.trainer.held-out-fraction", ConfigKey.DOUBLE)
            .withDefault(0.1)
            .check(new ConfigKey.Check<>(
                    "in (0, 1): the gate needs held-out triplets", value -> value > 0 && value < 1))
            .doc("share of triplets held out for the evaluation, by hash of the triplet id");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("cirstream.trainer.http.port", ConfigKey.INTEGER)
            .withDefault(DEFAULT_HTTP_PORT)
            .check(ConfigKey.Check.port())
            .doc("health, metrics, training API");
    public static final ConfigKey<Boolean> FOLLOW_ENCODERS = ConfigKey.of(
                    "cirstream.trainer.follow-encoders", ConfigKey.BOOLEAN)
            .withDefault(true)
            .doc("train for the encoders of each bundle announced on the encoder line (`false`: always the"
                    + " configured bundle's)");

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
        ModelStore.requireName(MODEL_NAME.name(), modelName);
        HELD_OUT_FRACTION.check(heldOutFraction);
        HTTP_PORT.check(httpPort);
        ModelStore.requireName(EncoderLine.KEY.name(), encoderLine);
        if (encoderLine.equals(modelName)) {
            throw new IllegalArgumentException(EncoderLine.KEY + " and " + MODEL_NAME
                    + " must differ: bundles and Combiner versions are announced under their own keys, got "
                    + modelName);
        }
    }

    /** The configuration in {@code settings}; throws {@link IllegalArgumentException} naming a bad key and value. */
    public static TrainerConfig from(Settings settings) {
        return new TrainerConfig(
                BOOTSTRAP_SERVERS.read(settings),
                GROUP_ID.read(settings),
                BUNDLE.read(settings),
                VERIFY_BUNDLE.read(settings),
                RuntimeConfig.from(settings),
                VectorStoreConfig.from(settings),
                ModelStoreConfig.from(settings),
                DATA_DIRECTORY.read(settings),
                MODEL_NAME.read(settings),
                HELD_OUT_FRACTION.read(settings),
                CombinerTrainingConfig.from(settings),
                GateConfig.from(settings),
                TriggerConfig.from(settings),
                HTTP_PORT.read(settings),
                FOLLOW_ENCODERS.read(settings),
                EncoderLine.from(settings));
    }

    /** The declarations of the trainer service's own keys, in table order (its parts' are theirs). */
    public static List<ConfigKey<?>> declared() {
        return List.of(DATA_DIRECTORY, MODEL_NAME, GROUP_ID, HELD_OUT_FRACTION, HTTP_PORT, FOLLOW_ENCODERS);
    }

    /**
     * Every configuration key {@link #from(Settings)} reads, its parts' included (runtime, stores, recipe, gate,
     * triggers), sorted: what {@code cirstream serve trainer} accepts and the deployment files may set.
     */
    public static List<String> keys() {
        return ConfigKeys.names(
                declared(),
                CommonKeys.declared(),
                EncoderLine.declared(),
                RuntimeConfig.declared(),
                VectorStoreConfig.declared(),
                ModelStoreConfig.declared(),
                CombinerTrainingConfig.declared(),
                GateConfig.declared(),
                TriggerConfig.declared());
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
