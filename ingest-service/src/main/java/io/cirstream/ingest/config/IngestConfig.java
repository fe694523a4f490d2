package io.cirstream.ingest.config;

import io.cirstream.core.config.CommonKeys;
import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
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

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = CommonKeys.BOOTSTRAP_SERVERS;
    public static final ConfigKey<Path> BUNDLE = CommonKeys.BUNDLE;
    public static final ConfigKey<Boolean> VERIFY_BUNDLE = CommonKeys.VERIFY_BUNDLE;

    public static final String DEFAULT_GROUP_ID = "cirstream-ingest";
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final Duration DEFAULT_BATCH_MAX_WAIT = Duration.ofMillis(200);
    public static final int DEFAULT_HTTP_PORT = 8081;
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "ingest");

    public static final ConfigKey<String> GROUP_ID = ConfigKey.of("cirstream.ingest.group-id", ConfigKey.STRING)
            .withDefault(DEFAULT_GROUP_ID)
            .check(ConfigKey.Check.notBlank())
            .doc("consumer group of the live stream");
    public static final ConfigKey<String> INSTANCE_ID = ConfigKey.of("cirstream.ingest.instance-id", ConfigKey.STRING)
            .doc("static group membership: a restarted instance gets its partitions back at once");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.of("cirstream.ingest.batch-size", ConfigKey.INTEGER)
            .withDefault(DEFAULT_BATCH_SIZE)
            .check(ConfigKey.Check.range(1, BatchSettings.MAX_SIZE))
            .doc("records per micro-batch (also `max.poll.records`)");
    public static final ConfigKey<Duration> BATCH_MAX_WAIT = ConfigKey.of(
                    "cirstream.ingest.batch-max-wait", ConfigKey.DURATION)
            .withDefault(DEFAULT_BATCH_MAX_WAIT)
            .doc("longest wait to fill a micro-batch");
    public static final ConfigKey<Duration> RETRY_INITIAL = ConfigKey.of(
                    "cirstream.ingest.retry.initial-backoff", ConfigKey.DURATION)
            .withDefault(Duration.ofMillis(200))
            .check(ConfigKey.Check.positiveDuration())
            .doc("first wait after a failed store write or dead-letter send");
    public static final ConfigKey<Duration> RETRY_MAX = ConfigKey.of(
                    "cirstream.ingest.retry.max-backoff", ConfigKey.DURATION)
            .withDefault(Duration.ofSeconds(10))
            .doc("longest wait between retries (doubling from the first; at least the first)");
    public static final ConfigKey<List<String>> FETCH_ALLOWED_PREFIXES = ConfigKey.of(
                    "cirstream.ingest.fetch.allowed-uri-prefixes", ConfigKey.LIST)
            .withDefault(List.of())
            .shownDefault("(none: nothing is fetched)")
            .doc("comma-separated `http(s)://host[:port]/path/` prefixes images may be fetched from");
    public static final ConfigKey<List<String>> FETCH_ALLOWED_DIRECTORIES = ConfigKey.of(
                    "cirstream.ingest.fetch.allowed-directories", ConfigKey.LIST)
            .withDefault(List.of())
            .shownDefault("(none)")
            .doc("comma-separated absolute directories `file:` images may be read from (links resolved)");
    public static final ConfigKey<Duration> FETCH_CONNECT_TIMEOUT = ConfigKey.of(
                    "cirstream.ingest.fetch.connect-timeout", ConfigKey.DURATION)
            .withDefault(Duration.ofSeconds(2))
            .check(ConfigKey.Check.positiveDuration())
            .doc("connecting to an image host");
    public static final ConfigKey<Duration> FETCH_TIMEOUT = ConfigKey.of(
                    "cirstream.ingest.fetch.timeout", ConfigKey.DURATION)
            .withDefault(Duration.ofSeconds(10))
            .check(ConfigKey.Check.positiveDuration())
            .doc("one whole fetch, body included");
    public static final ConfigKey<Integer> FETCH_CONCURRENCY = ConfigKey.of(
                    "cirstream.ingest.fetch.concurrency", ConfigKey.INTEGER)
            .withDefault(8)
            .check(ConfigKey.Check.range(1, FetchConfig.MAX_CONCURRENCY))
            .doc("fetches at once");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("cirstream.ingest.http.port", ConfigKey.INTEGER)
            .withDefault(DEFAULT_HTTP_PORT)
            .check(ConfigKey.Check.port())
            .doc("`/health`, `/health/live`, `/metrics`");
    public static final ConfigKey<Boolean> REBUILD = ConfigKey.of("cirstream.ingest.rebuild", ConfigKey.BOOLEAN)
            .withDefault(true)
            .doc("rebuild a new encoder version's collection from the catalogue topic and switch to it");
    public static final ConfigKey<Boolean> FOLLOW_ENCODERS = ConfigKey.of(
                    "cirstream.ingest.follow-encoders", ConfigKey.BOOLEAN)
            .withDefault(true)
            .doc("follow the encoder line: switch to each announced image encoder");
    public static final ConfigKey<Path> DATA_DIRECTORY = ConfigKey.of("cirstream.ingest.data-dir", ConfigKey.PATH)
            .withDefault(DEFAULT_DATA_DIRECTORY)
            .doc("the service's own files: verified copies of announced bundles (`encoders/`), pending drops");
    public static final ConfigKey<Duration> DROP_PREVIOUS_AFTER = ConfigKey.of(
                    "cirstream.ingest.drop-previous-after", ConfigKey.DURATION)
            .withDefault(Duration.ofMinutes(10))
            .doc("how long a collection switched away from is kept before it is dropped (0: kept)");

    public IngestConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
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
        DROP_PREVIOUS_AFTER.check(dropPreviousAfter);
        GROUP_ID.check(groupId);
        RETRY_INITIAL.check(retryInitialBackoff);
        if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < " + RETRY_INITIAL + " <= " + RETRY_MAX + ", got "
                    + retryInitialBackoff + " and " + retryMaxBackoff);
        }
        HTTP_PORT.check(httpPort);
    }

    /** The declarations of the ingest service's own keys, in table order (its parts' are theirs). */
    public static List<ConfigKey<?>> declared() {
        return List.of(
                GROUP_ID,
                INSTANCE_ID,
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
                DATA_DIRECTORY,
                DROP_PREVIOUS_AFTER);
    }

    /**
     * Every configuration key {@link #from(Settings)} reads, the runtime's and the image limits' included, sorted:
     * what {@code cirstream serve ingest} accepts and the deployment files may set.
     */
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

    /** The configuration in {@code settings}; throws {@link IllegalArgumentException} naming a bad key and value. */
    public static IngestConfig from(Settings settings) {
        ImageLimits limits = ImageLimits.from(settings);
        VectorStoreConfig store = VectorStoreConfig.from(settings);
        UriAllowList allowList = UriAllowList.of(
                FETCH_ALLOWED_PREFIXES.read(settings),
                FETCH_ALLOWED_DIRECTORIES.read(settings).stream().map(Path::of).toList());
        FetchConfig fetch = new FetchConfig(
                allowList,
                limits.maxBytes(),
                FETCH_CONNECT_TIMEOUT.read(settings),
                FETCH_TIMEOUT.read(settings),
                FETCH_CONCURRENCY.read(settings));
        return new IngestConfig(
                BOOTSTRAP_SERVERS.read(settings),
                GROUP_ID.read(settings),
                INSTANCE_ID.readOptional(settings),
                BUNDLE.read(settings),
                VERIFY_BUNDLE.read(settings),
                RuntimeConfig.from(settings),
                limits,
                new BatchSettings(BATCH_SIZE.read(settings), BATCH_MAX_WAIT.read(settings)),
                RETRY_INITIAL.read(settings),
                RETRY_MAX.read(settings),
                store,
                fetch,
                HTTP_PORT.read(settings),
                REBUILD.read(settings),
                FOLLOW_ENCODERS.read(settings),
                EncoderLine.from(settings),
                ModelStoreConfig.from(settings),
                DATA_DIRECTORY.read(settings),
                DROP_PREVIOUS_AFTER.read(settings));
    }
}
