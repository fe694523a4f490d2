package io.cirstream.query.app;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.ops.OwnedResources;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.core.registry.BundleLoader;
import io.cirstream.core.registry.ModelLoader;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ModelTopicConsumer;
import io.cirstream.core.store.VectorStore;
import io.cirstream.query.catalog.CatalogView;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.http.QueryApi;
import io.cirstream.query.http.QueryGateway;
import io.cirstream.query.model.CombinerVersions;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.query.search.EncoderSets;
import io.cirstream.query.search.QueryEngine;
import io.cirstream.query.search.QueryValidator;
import io.cirstream.query.search.TextFeatureCache;
import io.cirstream.query.topology.QueryTopology;
import io.cirstream.query.web.WebDemo;
import io.cirstream.query.web.WebDemoConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running query service: the model runtime (encoders, Combiner versions following the model topic), the query
 * engine behind the Kafka Streams topology, and the HTTP server (API through the topology, health, metrics). {@link
 * #close()} stops it in reverse order: the API first, then the streams (their last transactions committed), then the
 * models and the store.
 */
public final class QueryService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);

    private static final String SERVICE = "query";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    private static final Duration STREAMS_CLOSE = Duration.ofSeconds(30);

    private final OwnedResources resources = new OwnedResources();
    private static final int ENCODER_SETS_KEPT = 3;

    private ModelRegistry registry;
    private ModelRegistry encoderRegistry;
    private EncoderSets encoders;
    private KafkaStreams streams;
    private QueryEngine engine;
    private ServiceHttp http;
    private QueryApi api;

    private QueryService() {}

    /** Starts the service with the store its configuration names. */
    public static QueryService start(QueryConfig config) {
        return start(config, Optional.empty());
    }

    /**
     * Starts the service; it answers HTTP when this returns.
     *
     * @param sharedStore a store opened by the caller (one JVM with the other services), used and not closed; empty:
     *     the service opens the configured one
     */
    public static QueryService start(QueryConfig config, Optional<VectorStore> sharedStore) {
        return start(config, sharedStore, WebDemoConfig.withoutTrainer());
    }

    /** Starts the service with the web demo's settings (its trainer); see {@link #start(QueryConfig, Optional)}. */
    public static QueryService start(QueryConfig config, Optional<VectorStore> sharedStore, WebDemoConfig demo) {
        QueryService service = new QueryService();
        try {
            service.wire(config, sharedStore, demo);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        } catch (InterruptedException e) {
            service.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private void wire(QueryConfig config, Optional<VectorStore> sharedStore, WebDemoConfig demo)
            throws InterruptedException {
        Clock clock = Clock.systemUTC();
        ModelBundle bundle = ModelBundle.open(config.bundle(), config.verifyBundle());
        CombinerDims dims =
                bundle.hasCombiner() ? bundle.combinerDims() : CombinerDims.ofFeatureDim(bundle.featureDim());
        TorchRuntime.Resolved runtime = TorchRuntime.resolve(config.runtime());
        VectorStore store = sharedStore.orElseGet(() -> own(config.store().open()));
        PrometheusMeterRegistry meters = ServiceMetrics.create(SERVICE);
        QueryMetrics metrics = new QueryMetrics(meters, () -> encoders.serving().cache());
        EncoderSetFactory sets = new EncoderSetFactory(config, runtime, clock, metrics);
        encoders = own(new EncoderSets(
                sets.open(bundle, false), next -> sets.open(next, true), store::activeCollection, ENCODER_SETS_KEPT));
        DeadLetterPublisher deadLetters = own(DeadLetterPublisher.connect(config.bootstrapServers(), Map.of()));
        ModelStore modelStore = config.modelStore().open();
        // the encoder line first: a Combiner announced for new encoders is only accepted once they are loaded
        encoderRegistry = new ModelRegistry(
                ModelTopicConsumer.open(config.bootstrapServers(), config.applicationId() + "-encoders-models"),
                config.encoderLine(),
                new BundleLoader(
                        modelStore,
                        config.encoderCacheDirectory(),
                        config.modelStore().maxWeightBytes()),
                deadLetters,
                encoders,
                POLL_TIMEOUT);
        startThread("query-encoders", encoderRegistry);
        if (!encoderRegistry.awaitCaughtUp(READY_WAIT)) {
            LOG.warn("the encoder line was not read within {} s", READY_WAIT.toSeconds());
        }
        registry = new ModelRegistry(
                ModelTopicConsumer.open(config.bootstrapServers(), config.applicationId() + "-models"),
                config.modelName(),
                new ModelLoader(
                        modelStore,
                        config.modelCacheDirectory(),
                        config.modelStore().maxWeightBytes(),
                        Optional.of(dims),
                        encoders::versions),
                deadLetters,
                encoders.combinerListener(),
                POLL_TIMEOUT);
        startThread("query-models", registry);

        engine = new QueryEngine(new QueryValidator(config.queryLimits()), store, encoders, clock, metrics);
        if (!registry.awaitCaughtUp(READY_WAIT)) {
            LOG.warn(
                    "the model topic was not read within {} s; serving {} meanwhile",
                    READY_WAIT.toSeconds(),
                    combiners().current().map(ServingCombiner::version).orElse("nothing"));
        }

        streams = new KafkaStreams(
                QueryTopology.build(engine::answer, clock, QueryTopology.ANSWERED_RETENTION),
                QueryKafka.streams(config));
        streams.setUncaughtExceptionHandler(QueryKafka::onUncaught);
        // leave the group on close: a restarted instance gets its tasks at once, not after the session timeout
        resources.own(() ->
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(STREAMS_CLOSE)));
        streams.start();

        QueryGateway gateway = own(new QueryGateway(
                QueryKafka.queryProducer(config.bootstrapServers()),
                QueryKafka.tripletProducer(config.bootstrapServers()),
                QueryKafka.resultConsumer(config.bootstrapServers())));
        if (!gateway.awaitReady(READY_WAIT)) {
            throw new IllegalStateException("cannot read " + io.cirstream.schemas.topic.Topics.RESULTS.name() + " at "
                    + config.bootstrapServers() + " within " + READY_WAIT.toSeconds() + " s");
        }
        CatalogView catalog = new CatalogView(() -> streams.store(StoreQueryParameters.fromNameAndType(
                QueryTopology.CATALOG_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())));
        api = new QueryApi(
                gateway,
                catalog,
                encoders,
                new QueryApi.Limits(
                        config.maxRequestBytes(),
                        config.queryLimits().maxImageBytes(),
                        config.runtime().maxCaptionChars(),
                        config.maxRequestsPerSecond(),
                        config.resultTimeout()),
                clock,
                config.modelName());
        WebDemo web = own(new WebDemo(demo, config.bootstrapServers(), store));
        http = own(web.addTo(api.addTo(
                        ServiceHttp.builder(SERVICE).port(config.httpPort()).registry(meters)))
                .health("streams", this::streamsHealth)
                .health("models", registry::health)
                .health("encoders", encoderRegistry::health)
                .health("store", () -> storeHealth(store))
                .start());
        LOG.info(
                "query service ({} stream threads, encoders {}) serving HTTP on {}",
                config.streamThreads(),
                encoders.versions(),
                http.port());
    }

    private HealthStatus storeHealth(VectorStore store) {
        Optional<String> active = store.activeCollection();
        if (active.isPresent() && encoders.find(active.get()).isPresent()) {
            return HealthStatus.up(store.count() + " products in " + active.get());
        }
        return HealthStatus.down("the store's active collection is " + active.orElse("none")
                + ", and the encoders loaded here are " + encoders.versions());
    }

    private HealthStatus streamsHealth() {
        KafkaStreams.State state = streams.state();
        return switch (state) {
            case RUNNING -> HealthStatus.up("running");
            case REBALANCING, CREATED -> HealthStatus.up(state.name().toLowerCase(java.util.Locale.ROOT));
            default -> HealthStatus.down("Kafka Streams is " + state);
        };
    }

    /** The HTTP port (API, health, metrics). */
    public int httpPort() {
        return http.port();
    }

    /** The HTTP API's routes and handlers. */
    public QueryApi api() {
        return api;
    }

    /** The Kafka Streams state. */
    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    /** The Combiner versions served with the encoders of the store's active collection. */
    public CombinerVersions combiners() {
        return encoders.serving().combiners();
    }

    /** The encoder versions loaded, one set of encoders and Combiners each. */
    public EncoderSets encoders() {
        return encoders;
    }

    /** The model registry following the encoder line (bundles with new encoders). */
    public ModelRegistry encoderRegistry() {
        return encoderRegistry;
    }

    /** The model registry following the model topic. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The text feature cache of the encoders serving now. */
    public TextFeatureCache textCache() {
        return encoders.serving().cache();
    }

    /** Every check of {@code /health}. */
    public Map<String, HealthStatus> health() {
        return http.checkHealth();
    }

    @Override
    public void close() {
        resources.close();
    }

    private <T extends AutoCloseable> T own(T resource) {
        return resources.own(resource);
    }

    private void startThread(String name, Runnable loop) {
        resources.startThread(name, loop);
    }
}
