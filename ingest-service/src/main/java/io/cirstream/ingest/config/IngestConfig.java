package io.cirstream.ingest.config;

import io.cirstream.core.config.Ports;
import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.ingest.consume.BatchSettings;
import io.cirstream.ingest.fetch.FetchConfig;
import io.cirstream.ingest.fetch.UriAllowList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the ingest service is configured with, validated; read by {@link #from(Settings)} from system
 * properties and the environment (see the module README for every key).
 *
 * @param bootstrapServers the Kafka brokers
 * @param groupId the consumer group of the live stream
 * @param instanceId a stable name of this instance in the group (Kafka static membership): a restarted instance
 *     takes its partitions back at once instead of after the session timeout
 * @param bundle the model bundle whose image encoder embeds the catalogue
 * @param verifyBundle whether to check the bundle files' sha256 on start
 * @param runtime how the model runs (device, fp16, batch sizes, threads)
 * @param imageLimits what an image may cost
 * @param batching micro-batch size and wait
 * @param retryInitialBackoff the first wait after a failed store write (doubling from there)
 * @param retryMaxBackoff the longest wait between retries
 * @param store the vector store
 * @param fetch fetching of images given by URI
 * @param httpPort the port of /health and /metrics (0 = a free one)
 * @param rebuild whether to rebuild the collection of a new encoder version from the catalogue topic
 * @param followEncoders whether to follow the encoder line: an announced bundle's image encoder replaces the running
 *     one, its collection is rebuilt and switched to
 * @param encoderLine the model line announcing bundles with new encoders
 * @param modelStore where announced bundles are fetched from
 * @param dataDirectory the service's own files (verified copies of announced bundles)
 * @param dropPreviousAfter how long a collection switched away from is kept before it is dropped (0: kept)
 */
public record IngestConfig(
        String bootstrapServers,
        String groupId,
        Optional<String> instanceId,
        Path bundle,
        boolean verifyBundle,
        RuntimeConfig runtime,
        ImageLimits imageLimits,
        BatchSettings batching,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        VectorStoreConfig store,
        FetchConfig fetch,
        int httpPort,
        boolean rebuild,
        boolean followEncoders,
        String encoderLine,
        ModelStoreConfig modelStore,
        Path dataDirectory,
        Duration dropPreviousAfter) {

    public static final String BOOTSTRAP_SERVERS = "cirstream.kafka.bootstrap-servers";
    public static final String GROUP_ID = "cirstream.ingest.group-id";
    public static final String INSTANCE_ID = "cirstream.ingest.instance-id";
    public static final String BUNDLE = "cirstream.model.bundle";
    public static final String VERIFY_BUNDLE = "cirstream.model.verify-bundle";
    public static final String BATCH_SIZE = "cirstream.ingest.batch-size";
    public static final String BATCH_MAX_WAIT = "cirstream.ingest.batch-max-wait";
    public static final String RETRY_INITIAL = "cirstream.ingest.retry.initial-backoff";
    public static final String RETRY_MAX = "cirstream.ingest.retry.max-backoff";
    public static final String FETCH_ALLOWED_PREFIXES = "cirstream.ingest.fetch.allowed-uri-prefixes";
    public static final String FETCH_ALLOWED_DIRECTORIES = "cirstream.ingest.fetch.allowed-directories";
    public static final String FETCH_CONNECT_TIMEOUT = "cirstream.ingest.fetch.connect-timeout";
    public static final String FETCH_TIMEOUT = "cirstream.ingest.fetch.timeout";
    public static final String FETCH_CONCURRENCY = "cirstream.ingest.fetch.concurrency";
    public static final String HTTP_PORT = "cirstream.ingest.http.port";
    public static final String REBUILD = "cirstream.ingest.rebuild";
    public static final String FOLLOW_ENCODERS = "cirstream.ingest.follow-encoders";
    public static final String DATA_DIRECTORY = "cirstream.ingest.data-dir";
    public static final String DROP_PREVIOUS_AFTER = "cirstream.ingest.drop-previous-after";

    public static final String DEFAULT_GROUP_ID = "cirstream-ingest";
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final Duration DEFAULT_BATCH_MAX_WAIT = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FETCH_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_FETCH_CONCURRENCY = 8;
    public static final int DEFAULT_HTTP_PORT = 8081;
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "ingest");
    public static final Duration DEFAULT_DROP_PREVIOUS_AFTER = Duration.ofMinutes(10);

    public IngestConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(imageLimits, "imageLimits");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(encoderLine, "encoderLine");
        Objects.requireNonNull(modelStore, "modelStore");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (dropPreviousAfter.isNegative()) {
            throw new IllegalArgumentException(DROP_PREVIOUS_AFTER + " must be >= 0, got " + dropPreviousAfter);
        }
        if (groupId.isBlank()) {
            throw new IllegalArgumentException(GROUP_ID + " must not be blank");
        }
        if (retryInitialBackoff.isNegative()
                || retryInitialBackoff.isZero()
                || retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < " + RETRY_INITIAL + " <= " + RETRY_MAX + ", got "
                    + retryInitialBackoff + " and " + retryMaxBackoff);
        }
        Ports.requireListenPort(HTTP_PORT, httpPort);
    }

    /**
     * Every configuration key {@link #from(Settings)} reads, the runtime's and the image limits' included, sorted:
     * what {@code cirstream serve ingest} accepts and the deployment files may set.
     */
    public static List<String> keys() {
        return Stream.of(
                        List.of(
                                BOOTSTRAP_SERVERS,
                                GROUP_ID,
                                INSTANCE_ID,
                                BUNDLE,
                                VERIFY_BUNDLE,
                                BATCH_SIZE,
                                BATCH_MAX_WAIT,
                                RETRY_INITIAL,
                                RETRY_MAX,
                                FETCH_ALLOWED_PREFIXES,
                                FETCH_ALLOWED_DIRECTORIES,
                                FETCH_CONNECT_TIMEOUT,
                                FETCH_TIMEOUT,
                                FETCH_CONCURRENCY,
                                HTTP_PORT,
                                REBUILD,
                                FOLLOW_ENCODERS,
                                EncoderLine.KEY,
                                DATA_DIRECTORY,
                                DROP_PREVIOUS_AFTER),
                        RuntimeConfig.keys(),
                        ImageLimits.keys(),
                        VectorStoreConfig.keys(),
                        ModelStoreConfig.keys())
                .flatMap(List::stream)
                .distinct()
                .sorted()
                .toList();
    }

    /** The configuration in {@code settings}; throws {@link IllegalArgumentException} naming a bad key and value. */
    public static IngestConfig from(Settings settings) {
        ImageLimits limits = ImageLimits.from(settings);
        VectorStoreConfig store = VectorStoreConfig.from(settings);
        UriAllowList allowList = UriAllowList.of(
                settings.list(FETCH_ALLOWED_PREFIXES, List.of()),
                settings.list(FETCH_ALLOWED_DIRECTORIES, List.of()).stream()
                        .map(Path::of)
                        .toList());
        FetchConfig fetch = new FetchConfig(
                allowList,
                limits.maxBytes(),
                settings.duration(FETCH_CONNECT_TIMEOUT, DEFAULT_FETCH_CONNECT_TIMEOUT),
                settings.duration(FETCH_TIMEOUT, DEFAULT_FETCH_TIMEOUT),
                settings.integer(FETCH_CONCURRENCY, DEFAULT_FETCH_CONCURRENCY));
        return new IngestConfig(
                settings.requiredString(BOOTSTRAP_SERVERS),
                settings.string(GROUP_ID, DEFAULT_GROUP_ID),
                settings.optionalString(INSTANCE_ID),
                Path.of(settings.requiredString(BUNDLE)),
                settings.bool(VERIFY_BUNDLE, true),
                RuntimeConfig.from(settings),
                limits,
                new BatchSettings(
                        settings.integer(BATCH_SIZE, DEFAULT_BATCH_SIZE),
                        settings.duration(BATCH_MAX_WAIT, DEFAULT_BATCH_MAX_WAIT)),
                settings.duration(RETRY_INITIAL, DEFAULT_RETRY_INITIAL),
                settings.duration(RETRY_MAX, DEFAULT_RETRY_MAX),
                store,
                fetch,
                settings.integer(HTTP_PORT, DEFAULT_HTTP_PORT),
                settings.bool(REBUILD, true),
                settings.bool(FOLLOW_ENCODERS, true),
                EncoderLine.from(settings),
                ModelStoreConfig.from(settings),
                settings.path(DATA_DIRECTORY, DEFAULT_DATA_DIRECTORY),
                settings.duration(DROP_PREVIOUS_AFTER, DEFAULT_DROP_PREVIOUS_AFTER));
    }
}
