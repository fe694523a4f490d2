package io.cirstream.query.config;

import io.cirstream.core.config.CommonKeys;
import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.query.search.QueryLimits;
import io.cirstream.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the query service is configured with, validated; read by {@link #from(Settings)} (see the module README
 * for every key).
 *
 * @param bootstrapServers the Kafka cluster
 * @param applicationId the Kafka Streams application id: consumer group, transactional ids, internal topic prefix
 * @param bundle the model bundle: encoders, encoder version, and the Combiner served before any announcement
 * @param verifyBundle whether the bundle's file checksums are checked on start
 * @param runtime the libtorch device, threads, batch sizes and the caption limit
 * @param imageLimits bytes and pixels of an uploaded reference image
 * @param store the vector store the catalogue features are searched in
 * @param modelStore where announced Combiner versions are fetched from
 * @param dataDirectory the service's own files: Kafka Streams state, verified model copies
 * @param modelName the model line to follow on the model topic
 * @param encoderLine the model line announcing bundles with new encoders (loaded ahead of the store's switch)
 * @param streamThreads Kafka Streams threads: the queries answered at once, which fill the micro-batches
 * @param commitInterval how often a stream thread commits its transaction: results become visible then
 * @param maxK the most hits a query may ask for
 * @param textCacheEntries captions whose text feature is kept
 * @param batchMaxSize the largest micro-batch of the text encoder and Combiner
 * @param batchLatencyBudget how long the first query of a micro-batch waits for others
 * @param negativeWeight beta of the negative modifier, in [0, 1)
 * @param versionsKept Combiner versions kept loaded for queries that pin one
 * @param resultTimeout how long an HTTP request waits for its result
 * @param maxRequestsPerSecond each HTTP client's sustained request rate
 * @param httpPort the API, health and metrics (0 = a free port)
 */
public record QueryConfig(
        String bootstrapServers,
        String applicationId,
        Path bundle,
        boolean verifyBundle,
        RuntimeConfig runtime,
        ImageLimits imageLimits,
        VectorStoreConfig store,
        ModelStoreConfig modelStore,
        Path dataDirectory,
        String modelName,
        String encoderLine,
        int streamThreads,
        Duration commitInterval,
        int maxK,
        int textCacheEntries,
        int batchMaxSize,
        Duration batchLatencyBudget,
        double negativeWeight,
        int versionsKept,
        Duration resultTimeout,
        double maxRequestsPerSecond,
        int httpPort) {

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = CommonKeys.BOOTSTRAP_SERVERS;
    public static final ConfigKey<Path> BUNDLE = CommonKeys.BUNDLE;
    public static final ConfigKey<Boolean> VERIFY_BUNDLE = CommonKeys.VERIFY_BUNDLE;

    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "query");
    public static final int DEFAULT_STREAM_THREADS = 4;
    public static final int DEFAULT_HTTP_PORT = 8082;

    /**
     * Room in a query record for everything but the image (id, caption, filters, Avro framing): an uploaded image may
     * take the rest of the query topic's record limit.
     */
    public static final int QUERY_RECORD_OVERHEAD_BYTES = 64 * 1024;

    private static final int MAX_STREAM_THREADS = 64;

    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.of(
                    "cirstream.query.application-id", ConfigKey.STRING)
            .withDefault("cirstream-query")
            .check(ConfigKey.Check.notBlank())
            .doc("Kafka Streams application id (group, transactional ids, internal topics)");
    public static final ConfigKey<Path> DATA_DIRECTORY = ConfigKey.of("cirstream.query.data-dir", ConfigKey.PATH)
            .withDefault(DEFAULT_DATA_DIRECTORY)
            .doc("Kafka Streams state (`streams/`), verified model copies (`models/`, `encoders/`)");
    public static final ConfigKey<String> MODEL_NAME = ConfigKey.of("cirstream.query.model-name", ConfigKey.STRING)
            .withDefault("combiner")
            .doc("the model line followed on `cir.models`");
    public static final ConfigKey<Integer> STREAM_THREADS = ConfigKey.of(
                    "cirstream.query.stream-threads", ConfigKey.INTEGER)
            .withDefault(DEFAULT_STREAM_THREADS)
            .check(ConfigKey.Check.range(1, MAX_STREAM_THREADS))
            .doc("Kafka Streams threads: queries answered at once (what fills the micro-batches)");
    public static final ConfigKey<Duration> COMMIT_INTERVAL = ConfigKey.of(
                    "cirstream.query.commit-interval", ConfigKey.DURATION)
            .withDefault(Duration.ofMillis(20))
            .check(ConfigKey.Check.durationAtMost(Duration.ofMinutes(1), "0 to 1 min"))
            .doc("how often a stream thread commits its transaction; results are visible to readers"
                    + " (read_committed) from then");
    public static final ConfigKey<Integer> MAX_K = ConfigKey.of("cirstream.query.max-k", ConfigKey.INTEGER)
            .withDefault(100)
            .check(ConfigKey.Check.range(1, VectorStore.MAX_K))
            .doc("the most hits a query may ask for");
    public static final ConfigKey<Integer> TEXT_CACHE_ENTRIES = ConfigKey.of(
                    "cirstream.query.text-cache-entries", ConfigKey.INTEGER)
            .withDefault(10_000)
            .check(ConfigKey.Check.atLeast(0))
            .doc("captions whose text feature is cached");
    public static final ConfigKey<Integer> BATCH_MAX_SIZE = ConfigKey.of(
                    "cirstream.query.batch.max-size", ConfigKey.INTEGER)
            .withDefault(16)
            .check(ConfigKey.Check.range(1, VectorStore.MAX_K))
            .doc("largest micro-batch of text encoder + Combiner");
    public static final ConfigKey<Duration> BATCH_LATENCY_BUDGET = ConfigKey.of(
                    "cirstream.query.batch.latency-budget", ConfigKey.DURATION)
            .withDefault(Duration.ofMillis(2))
            .check(ConfigKey.Check.durationAtMost(Duration.ofSeconds(1), "0 to 1 s"))
            .doc("how long a batch's first query waits for others");
    public static final ConfigKey<Double> NEGATIVE_WEIGHT = ConfigKey.of(
                    "cirstream.query.negative-weight", ConfigKey.DOUBLE)
            .withDefault(0.25)
            .check(ConfigKey.Check.fraction())
            .doc("β of the negative modifier");
    public static final ConfigKey<Integer> VERSIONS_KEPT = ConfigKey.of(
                    "cirstream.query.versions-kept", ConfigKey.INTEGER)
            .withDefault(4)
            .check(ConfigKey.Check.range(1, 64))
            .doc("Combiner versions kept loaded for pinned queries");
    public static final ConfigKey<Duration> RESULT_TIMEOUT = ConfigKey.of(
                    "cirstream.query.result-timeout", ConfigKey.DURATION)
            .withDefault(Duration.ofSeconds(30))
            .check(ConfigKey.Check.positiveDuration())
            .doc("how long an HTTP search waits for its result (then 504)");
    public static final ConfigKey<Double> MAX_REQUESTS_PER_SECOND = ConfigKey.of(
                    "cirstream.query.http.max-requests-per-second", ConfigKey.DOUBLE)
            .withDefault(50.0)
            .check(ConfigKey.Check.positive())
            .doc("per-client sustained rate (bursts of one second's worth)");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("cirstream.query.http.port", ConfigKey.INTEGER)
            .withDefault(DEFAULT_HTTP_PORT)
            .check(ConfigKey.Check.port())
            .doc("API, health and metrics");

    public QueryConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(imageLimits, "imageLimits");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(modelStore, "modelStore");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        APPLICATION_ID.check(applicationId);
        ModelStore.requireName(MODEL_NAME.name(), modelName);
        STREAM_THREADS.check(streamThreads);
        COMMIT_INTERVAL.check(commitInterval);
        MAX_K.check(maxK);
        TEXT_CACHE_ENTRIES.check(textCacheEntries);
        BATCH_MAX_SIZE.check(batchMaxSize);
        BATCH_LATENCY_BUDGET.check(batchLatencyBudget);
        NEGATIVE_WEIGHT.check(negativeWeight);
        VERSIONS_KEPT.check(versionsKept);
        RESULT_TIMEOUT.check(resultTimeout);
        MAX_REQUESTS_PER_SECOND.check(maxRequestsPerSecond);
        HTTP_PORT.check(httpPort);
    }

    /** The configuration in {@code settings}; throws {@link IllegalArgumentException} naming a bad key and value. */
    public static QueryConfig from(Settings settings) {
        return new QueryConfig(
                BOOTSTRAP_SERVERS.read(settings),
                APPLICATION_ID.read(settings),
                BUNDLE.read(settings),
                VERIFY_BUNDLE.read(settings),
                RuntimeConfig.from(settings),
                ImageLimits.from(settings),
                VectorStoreConfig.from(settings),
                ModelStoreConfig.from(settings),
                DATA_DIRECTORY.read(settings),
                MODEL_NAME.read(settings),
                EncoderLine.from(settings),
                STREAM_THREADS.read(settings),
                COMMIT_INTERVAL.read(settings),
                MAX_K.read(settings),
                TEXT_CACHE_ENTRIES.read(settings),
                BATCH_MAX_SIZE.read(settings),
                BATCH_LATENCY_BUDGET.read(settings),
                NEGATIVE_WEIGHT.read(settings),
                VERSIONS_KEPT.read(settings),
                RESULT_TIMEOUT.read(settings),
                MAX_REQUESTS_PER_SECOND.read(settings),
                HTTP_PORT.read(settings));
    }

    /** The declarations of the query service's own keys, in table order (its parts' are theirs). */
    public static List<ConfigKey<?>> declared() {
        return List.of(
                APPLICATION_ID,
                DATA_DIRECTORY,
                MODEL_NAME,
                STREAM_THREADS,
                COMMIT_INTERVAL,
                MAX_K,
                TEXT_CACHE_ENTRIES,
                BATCH_MAX_SIZE,
                BATCH_LATENCY_BUDGET,
                NEGATIVE_WEIGHT,
                VERSIONS_KEPT,
                RESULT_TIMEOUT,
                MAX_REQUESTS_PER_SECOND,
                HTTP_PORT);
    }

    /** Every key {@link #from(Settings)} reads, its parts' included, sorted. */
    public static List<String> keys() {
        return ConfigKeys.names(
                declared(),
                CommonKeys.declared(),
                EncoderLine.declared(),
                RuntimeConfig.declared(),
                ImageLimits.declared(),
                VectorStoreConfig.declared(),
                ModelStoreConfig.declared());
    }

    /**
     * The query limits: k, caption length, and the uploaded image's bytes, which must also fit a query record on the
     * query topic.
     */
    public QueryLimits queryLimits() {
        long recordRoom = Topics.IMAGE_RECORD_MAX_BYTES - QUERY_RECORD_OVERHEAD_BYTES;
        return new QueryLimits(maxK, runtime.maxCaptionChars(), Math.min(imageLimits.maxBytes(), recordRoom));
    }

    /** The largest HTTP request body: an image at its limit plus the form fields around it. */
    public long maxRequestBytes() {
        return queryLimits().maxImageBytes() + QUERY_RECORD_OVERHEAD_BYTES;
    }

    /** Kafka Streams' state directory. */
    public Path stateDirectory() {
        return dataDirectory.resolve("streams");
    }

    /** Where verified copies of announced bundles (new encoders) are kept, unpacked. */
    public Path encoderCacheDirectory() {
        return dataDirectory.resolve("encoders");
    }

    /** Where verified copies of announced Combiner weights are kept. */
    public Path modelCacheDirectory() {
        return dataDirectory.resolve("models");
    }
}
