package io.cirstream.query.config;

import io.cirstream.core.config.Ports;
import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.query.search.QueryLimits;
import io.cirstream.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

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

    public static final String BOOTSTRAP_SERVERS = "cirstream.kafka.bootstrap-servers";
    public static final String APPLICATION_ID = "cirstream.query.application-id";
    public static final String BUNDLE = "cirstream.model.bundle";
    public static final String VERIFY_BUNDLE = "cirstream.model.verify-bundle";
    public static final String DATA_DIRECTORY = "cirstream.query.data-dir";
    public static final String MODEL_NAME = "cirstream.query.model-name";
    public static final String STREAM_THREADS = "cirstream.query.stream-threads";
    public static final String COMMIT_INTERVAL = "cirstream.query.commit-interval";
    public static final String MAX_K = "cirstream.query.max-k";
    public static final String TEXT_CACHE_ENTRIES = "cirstream.query.text-cache-entries";
    public static final String BATCH_MAX_SIZE = "cirstream.query.batch.max-size";
    public static final String BATCH_LATENCY_BUDGET = "cirstream.query.batch.latency-budget";
    public static final String NEGATIVE_WEIGHT = "cirstream.query.negative-weight";
    public static final String VERSIONS_KEPT = "cirstream.query.versions-kept";
    public static final String RESULT_TIMEOUT = "cirstream.query.result-timeout";
    public static final String MAX_REQUESTS_PER_SECOND = "cirstream.query.http.max-requests-per-second";
    public static final String HTTP_PORT = "cirstream.query.http.port";

    public static final String DEFAULT_APPLICATION_ID = "cirstream-query";
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "query");
    public static final String DEFAULT_MODEL_NAME = "combiner";
    public static final int DEFAULT_STREAM_THREADS = 4;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(20);
    public static final int DEFAULT_MAX_K = 100;
    public static final int DEFAULT_TEXT_CACHE_ENTRIES = 10_000;
    public static final int DEFAULT_BATCH_MAX_SIZE = 16;
    public static final Duration DEFAULT_BATCH_LATENCY_BUDGET = Duration.ofMillis(2);
    public static final double DEFAULT_NEGATIVE_WEIGHT = 0.25;
    public static final int DEFAULT_VERSIONS_KEPT = 4;
    public static final Duration DEFAULT_RESULT_TIMEOUT = Duration.ofSeconds(30);
    public static final double DEFAULT_MAX_REQUESTS_PER_SECOND = 50;
    public static final int DEFAULT_HTTP_PORT = 8082;

    /**
     * Room in a query record for everything but the image (id, caption, filters, Avro framing): an uploaded image may
     * take the rest of the query topic's record limit.
     */
    public static final int QUERY_RECORD_OVERHEAD_BYTES = 64 * 1024;

    private static final int MAX_STREAM_THREADS = 64;

    public QueryConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(imageLimits, "imageLimits");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(modelStore, "modelStore");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(batchLatencyBudget, "batchLatencyBudget");
        Objects.requireNonNull(resultTimeout, "resultTimeout");
        if (applicationId.isBlank()) {
            throw new IllegalArgumentException(APPLICATION_ID + " must not be blank");
        }
        ModelStore.requireName(MODEL_NAME, modelName);
        requireRange(STREAM_THREADS, streamThreads, 1, MAX_STREAM_THREADS);
        if (commitInterval.isNegative() || commitInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    COMMIT_INTERVAL + " must be 0 to 1 min, got " + commitInterval.toMillis() + " ms");
        }
        requireRange(MAX_K, maxK, 1, io.cirstream.core.store.VectorStore.MAX_K);
        requireRange(TEXT_CACHE_ENTRIES, textCacheEntries, 0, Integer.MAX_VALUE);
        requireRange(BATCH_MAX_SIZE, batchMaxSize, 1, io.cirstream.core.store.VectorStore.MAX_K);
        if (batchLatencyBudget.isNegative() || batchLatencyBudget.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException(
                    BATCH_LATENCY_BUDGET + " must be 0 to 1 s, got " + batchLatencyBudget.toMillis() + " ms");
        }
        if (!(negativeWeight >= 0 && negativeWeight < 1)) {
            throw new IllegalArgumentException(NEGATIVE_WEIGHT + " must be in [0, 1), got " + negativeWeight);
        }
        requireRange(VERSIONS_KEPT, versionsKept, 1, 64);
        if (!resultTimeout.isPositive()) {
            throw new IllegalArgumentException(RESULT_TIMEOUT + " must be positive, got " + resultTimeout);
        }
        if (!(maxRequestsPerSecond > 0)) {
            throw new IllegalArgumentException(
                    MAX_REQUESTS_PER_SECOND + " must be positive, got " + maxRequestsPerSecond);
        }
        Ports.requireListenPort(HTTP_PORT, httpPort);
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /** The configuration in {@code settings}; throws {@link IllegalArgumentException} naming a bad key and value. */
    public static QueryConfig from(Settings settings) {
        return new QueryConfig(
                settings.requiredString(BOOTSTRAP_SERVERS),
                settings.string(APPLICATION_ID, DEFAULT_APPLICATION_ID),
                Path.of(settings.requiredString(BUNDLE)),
                settings.bool(VERIFY_BUNDLE, true),
                RuntimeConfig.from(settings),
                ImageLimits.from(settings),
                VectorStoreConfig.from(settings),
                ModelStoreConfig.from(settings),
                settings.path(DATA_DIRECTORY, DEFAULT_DATA_DIRECTORY),
                settings.string(MODEL_NAME, DEFAULT_MODEL_NAME),
                EncoderLine.from(settings),
                settings.integer(STREAM_THREADS, DEFAULT_STREAM_THREADS),
                settings.duration(COMMIT_INTERVAL, DEFAULT_COMMIT_INTERVAL),
                settings.integer(MAX_K, DEFAULT_MAX_K),
                settings.integer(TEXT_CACHE_ENTRIES, DEFAULT_TEXT_CACHE_ENTRIES),
                settings.integer(BATCH_MAX_SIZE, DEFAULT_BATCH_MAX_SIZE),
                settings.duration(BATCH_LATENCY_BUDGET, DEFAULT_BATCH_LATENCY_BUDGET),
                settings.doubleValue(NEGATIVE_WEIGHT, DEFAULT_NEGATIVE_WEIGHT),
                settings.integer(VERSIONS_KEPT, DEFAULT_VERSIONS_KEPT),
                settings.duration(RESULT_TIMEOUT, DEFAULT_RESULT_TIMEOUT),
                settings.doubleValue(MAX_REQUESTS_PER_SECOND, DEFAULT_MAX_REQUESTS_PER_SECOND),
                settings.integer(HTTP_PORT, DEFAULT_HTTP_PORT));
    }

    /** Every key {@link #from(Settings)} reads, its parts' included, sorted. */
    public static List<String> keys() {
        return Stream.of(
                        List.of(
                                BOOTSTRAP_SERVERS,
                                APPLICATION_ID,
                                BUNDLE,
                                VERIFY_BUNDLE,
                                DATA_DIRECTORY,
                                MODEL_NAME,
                                EncoderLine.KEY,
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
                                HTTP_PORT),
                        RuntimeConfig.keys(),
                        ImageLimits.keys(),
                        VectorStoreConfig.keys(),
                        ModelStoreConfig.keys())
                .flatMap(List::stream)
                .distinct()
                .sorted()
                .toList();
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
