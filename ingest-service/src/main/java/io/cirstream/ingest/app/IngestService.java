package io.cirstream.ingest.app;

import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.core.retry.RetryBackoff;
import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.ingest.consume.BatchContext;
import io.cirstream.ingest.consume.CatalogConsumerLoop;
import io.cirstream.ingest.consume.CatalogRecordDecoder;
import io.cirstream.ingest.consume.LoggedRejections;
import io.cirstream.ingest.consume.LoopStatus;
import io.cirstream.ingest.consume.RejectionSink;
import io.cirstream.ingest.consume.TransactionalDeadLetterSink;
import io.cirstream.ingest.embed.DistinctImageEmbedder;
import io.cirstream.ingest.fetch.ImageFetcher;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.ingest.rebuild.CollectionRebuild;
import io.cirstream.ingest.rebuild.RebuildStatus;
import io.cirstream.ingest.store.CollectionPlan;
import io.cirstream.ingest.store.WriteTargets;
import io.cirstream.schemas.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: the live stream of the catalogue topic into the vector store, a rebuild when the image-encoder
 * version changed, dead letters, and {@code /health} + {@code /metrics}. It runs on an image embedder and a store
 * that the caller opened and closes ({@link IngestApp} in production, tests and the benchmark in-process).
 *
 * <p>The live thread first sets up the collections ({@link CollectionPlan}), retrying while the store does not
 * answer, then consumes until {@link #close}. {@link #switchEncoder} replaces the image encoder while it runs.
 */
public final class IngestService implements AutoCloseable {

    /** The service name on metrics and health. */
    public static final String NAME = "ingest";

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(5);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DROP_RECHECK = Duration.ofSeconds(10);
    private static final long PAUSE_SLICE_MILLIS = 50;

    private final IngestConfig config;
    private final VectorStore store;
    private final IngestMetrics metrics;
    private final ImageFetcher fetcher;
    private final TransactionalDeadLetterSink deadLetters;
    private final CatalogRecordDecoder decoder;
    private final AtomicReference<WriteTargets> targets = new AtomicReference<>();
    private final RebuildStatus rebuildStatus = new RebuildStatus();
    private final ServiceHttp http;
    private final ScheduledExecutorService drops;
    private final PendingDrops pendingDrops;
    private final Object switching = new Object();
    private volatile Pipeline pipeline;
    private volatile String setupProblem = "setting up the collections";
    private volatile boolean closed;

    private IngestService(
            IngestConfig config, ImageEmbedder imageEmbedder, VectorStore store, PrometheusMeterRegistry registry) {
        this.config = config;
        this.store = store;
        this.metrics = new IngestMetrics(registry);
        this.fetcher = new ImageFetcher(config.fetch());
        this.deadLetters = new TransactionalDeadLetterSink(config.bootstrapServers(), transactionalId(config), metrics);
        this.decoder = new CatalogRecordDecoder(config.imageLimits().maxBytes());
        this.drops = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cirstream-ingest-drops").factory());
        this.pendingDrops = new PendingDrops(config.dataDirectory());
        this.pipeline = new Pipeline(imageEmbedder, true);
        this.http = ServiceHttp.builder(NAME)
                .port(config.httpPort())
                .registry(registry)
                .health("store", this::storeHealth)
                .health("consumer", this::consumerHealth)
                .health("rebuild", rebuildStatus::health)
                .start();
    }

    /**
     * Starts the service on these parts and returns at once; consumption begins once the collections are set up.
     *
     * @param embedder the image encoder; its version names the collection written to
     * @param store the vector store
     * @param registry where the service's meters go ({@code /metrics} shows it)
     */
    public static IngestService start(
            IngestConfig config, ImageEmbedder embedder, VectorStore store, PrometheusMeterRegistry registry) {
        IngestService service = new IngestService(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(embedder, "embedder"),
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(registry, "registry"));
        service.pipeline.start();
        service.resumePendingDrops();
        return service;
    }

    /** The port of {@code /health} and {@code /metrics}. */
    public int httpPort() {
        return http.port();
    }

    /** Runs the health checks, as {@code GET /health} does. */
    public Map<String, HealthStatus> health() {
        return http.checkHealth();
    }

    public LoopStatus liveStatus() {
        return pipeline.live.status();
    }

    /** The image-encoder version the live stream embeds with now. */
    public String encoderVersion() {
        return pipeline.embedder.encoderVersion();
    }

    /**
     * Switches to another image encoder without stopping the service: the live stream finishes its batch in flight,
     * commits and stops; then it starts again on {@code next}, whose collection is created and rebuilt from the
     * catalogue topic while the live stream writes to both (see {@link CollectionPlan}); when the rebuild has caught
     * up the store switches to it, and the previous collection is dropped after {@code
     * cirstream.ingest.drop-previous-after}. Queries read the previous collection until the switch. The caller
     * closes the previous encoder after this returns (nothing uses it any more).
     *
     * @throws IllegalStateException if the service is closed
     */
    public void switchEncoder(ImageEmbedder next) {
        Objects.requireNonNull(next, "next");
        synchronized (switching) {
            if (closed) {
                throw new IllegalStateException("the ingest service is closed");
            }
            Pipeline previous = pipeline;
            if (previous.embedder.encoderVersion().equals(next.version())) {
                return;
            }
            LOG.info(
                    "switching the image encoder from {} to {}: stopping the live stream, then re-embedding",
                    previous.embedder.encoderVersion(),
                    next.version());
            previous.stop();
            setupProblem = "setting up the collections of " + next.version();
            pipeline = new Pipeline(next, false);
            pipeline.start();
        }
    }

    public RebuildStatus rebuildStatus() {
        return rebuildStatus;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    /**
     * The live stream and, where needed, the rebuild, on one image encoder: what {@link #switchEncoder} replaces. The
     * live thread first sets up the collections ({@link CollectionPlan}), retrying while the store does not answer,
     * then consumes until {@link #stop}.
     */
    private final class Pipeline {
        private final DistinctImageEmbedder embedder;
        private final KafkaConsumer<byte[], byte[]> liveConsumer;
        private final CatalogConsumerLoop live;
        private final Thread liveThread;
        private final boolean fencePredecessor;
        private volatile CollectionRebuild rebuild;
        private volatile Thread rebuildThread;
        private volatile boolean stopping;

        Pipeline(ImageEmbedder imageEmbedder, boolean fencePredecessor) {
            this.embedder = new DistinctImageEmbedder(imageEmbedder);
            this.fencePredecessor = fencePredecessor;
            this.liveConsumer = CatalogConsumers.live(config);
            this.live = new CatalogConsumerLoop(
                    liveConsumer,
                    context("live", targets::get, deadLetters, embedder),
                    config.batching(),
                    backoff(),
                    true,
                    Optional.empty());
            this.liveThread = new Thread(this::runLive, "cirstream-ingest-live");
        }

        void start() {
            liveThread.start();
        }

        private void runLive() {
            boolean consuming = false;
            try {
                if (fencePredecessor) {
                    // first: a predecessor killed mid-transaction left the group's offsets pending, and reading them
                    // (here, and the consumer's first poll) waits until this instance's producer aborts that
                    // transaction - or until it times out
                    deadLetters.fencePredecessor();
                }
                CollectionPlan plan = prepareCollections();
                if (plan == null) {
                    return;
                }
                targets.set(plan.targets());
                setupProblem = null;
                if (plan.rebuild()) {
                    startRebuild(plan);
                }
                liveConsumer.subscribe(List.of(Topics.CATALOG_PRODUCTS.name()), live.rebalanceListener());
                consuming = true;
                live.run();
            } catch (RuntimeException e) {
                if (!stopping) {
                    setupProblem = "the live stream stopped: " + e;
                    LOG.error("the live stream stopped", e);
                }
            } finally {
                if (!consuming) {
                    liveConsumer.close();
                }
            }
        }

        private CollectionPlan prepareCollections() {
            RetryBackoff backoff = backoff();
            while (!stopping) {
                try {
                    return CollectionPlan.prepare(
                            store, embedder.encoderVersion(), embedder.dimension(), groupHasCommittedOffsets());
                } catch (RuntimeException e) {
                    Duration wait = backoff.next();
                    setupProblem = "cannot set up the collections yet (retrying in " + wait + "): " + e;
                    LOG.warn(setupProblem);
                    pause(wait);
                }
            }
            return null;
        }

        /** Waits, checking every {@value IngestService#PAUSE_SLICE_MILLIS} ms whether the pipeline is stopping. */
        private void pause(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!stopping && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(PAUSE_SLICE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private boolean groupHasCommittedOffsets() {
            var partitions = liveConsumer.partitionsFor(Topics.CATALOG_PRODUCTS.name(), METADATA_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .collect(Collectors.toSet());
            return liveConsumer.committed(partitions, METADATA_TIMEOUT).values().stream()
                    .anyMatch(Objects::nonNull);
        }

        private void startRebuild(CollectionPlan plan) {
            String version = plan.targets().target();
            if (!config.rebuild()) {
                LOG.warn(
                        "collection {} needs a rebuild but {} is off: the live stream writes to it, the active"
                                + " collection stays {}",
                        version,
                        IngestConfig.REBUILD.name(),
                        plan.targets().mirror().orElse(version));
                return;
            }
            Optional<String> previous = plan.targets().mirror();
            rebuild = new CollectionRebuild(
                    CatalogConsumers.rebuild(config),
                    context("rebuild", () -> WriteTargets.only(version), new LoggedRejections(), embedder),
                    config.batching(),
                    backoff(),
                    version,
                    plan.switchWhenRebuilt(),
                    () -> {
                        targets.set(WriteTargets.only(version));
                        previous.ifPresent(IngestService.this::dropLater);
                    },
                    rebuildStatus);
            rebuildThread = new Thread(rebuild, "cirstream-ingest-rebuild");
            rebuildThread.start();
        }

        /** Stops consuming (what is not committed is read again) and waits for the threads. */
        void stop() {
            stopping = true;
            CollectionRebuild currentRebuild = rebuild;
            if (currentRebuild != null) {
                currentRebuild.close();
            }
            live.close(); // a wake-up, not an interrupt: an interrupt would close the Lucene store's open files
            join(liveThread);
            Thread currentRebuildThread = rebuildThread;
            if (currentRebuildThread != null) {
                join(currentRebuildThread);
            }
        }
    }

    /**
     * Drops the collection the store switched away from, after the grace period (queries still on it finish). The
     * drop is recorded in the data directory first, so a process stopped before it is due drops it after its restart.
     */
    private void dropLater(String previous) {
        Duration grace = config.dropPreviousAfter();
        if (grace.isZero()) {
            LOG.info(
                    "collection {} is no longer active; it is kept ({} is 0)",
                    previous,
                    IngestConfig.DROP_PREVIOUS_AFTER.name());
            return;
        }
        Instant due = Instant.now().plus(grace);
        try {
            pendingDrops.add(previous, due);
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot record the pending drop of {} ({}): it is dropped only if this process runs on",
                    previous,
                    e);
        }
        LOG.info("collection {} is no longer active; dropping it in {}", previous, grace);
        scheduleDrop(previous, due);
    }

    /** Schedules the drops a previous run of this service left pending (due ones at once). */
    private void resumePendingDrops() {
        Map<String, Instant> pending;
        try {
            pending = pendingDrops.all();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the pending collection drops: none resumed ({})", e.toString());
            return;
        }
        pending.forEach((collection, due) -> {
            LOG.info("resuming the drop of collection {}, due {}", collection, due);
            scheduleDrop(collection, due);
        });
    }

    private void scheduleDrop(String collection, Instant due) {
        long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
        drops.schedule(() -> drop(collection, due), delay, TimeUnit.MILLISECONDS);
    }

    /** Drops {@code collection} unless it is in use again (active, or written to after a switch back to it). */
    private void drop(String collection, Instant due) {
        try {
            WriteTargets writing = targets.get();
            if (writing == null) {
                // the collections are not set up yet: what is in use is not known
                drops.schedule(() -> drop(collection, due), DROP_RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            boolean inUse = writing.target().equals(collection)
                    || writing.mirror().filter(collection::equals).isPresent()
                    || store.activeCollection().filter(collection::equals).isPresent();
            if (inUse) {
                LOG.info("collection {} is in use again: not dropped", collection);
            } else {
                store.dropCollection(collection);
                LOG.info("dropped collection {} after the grace period", collection);
            }
            pendingDrops.remove(collection);
        } catch (RuntimeException e) {
            LOG.warn("could not drop collection {} (retrying in {}): {}", collection, DROP_RECHECK, e.toString());
            drops.schedule(() -> drop(collection, due), DROP_RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The dead-letter producer's transactional id: stable per instance (a restarted instance fences its killed
     * predecessor and aborts what it left open at once); without an instance id, unique per process (what a killed
     * process left open is aborted after the transaction timeout).
     */
    private static String transactionalId(IngestConfig config) {
        return "cirstream-ingest-dlq-" + config.groupId() + "-"
                + config.instanceId().orElseGet(() -> UUID.randomUUID().toString());
    }

    private BatchContext context(
            String source,
            Supplier<WriteTargets> writeTargets,
            RejectionSink rejections,
            DistinctImageEmbedder embedder) {
        return new BatchContext(source, decoder, fetcher, embedder, store, writeTargets, rejections, metrics);
    }

    private RetryBackoff backoff() {
        return new RetryBackoff(config.retryInitialBackoff(), config.retryMaxBackoff());
    }

    private HealthStatus storeHealth() {
        String problem = setupProblem;
        if (problem != null) {
            return HealthStatus.down(problem);
        }
        return pipeline.live
                .status()
                .failure()
                .map(failure -> HealthStatus.down("consumption paused, retrying: " + failure))
                .orElseGet(() -> HealthStatus.up("writing to " + targets.get()));
    }

    private HealthStatus consumerHealth() {
        if (pipeline.live.status().pollingWithin(MAX_POLL_INTERVAL)) {
            return HealthStatus.up("polling " + Topics.CATALOG_PRODUCTS.name() + " as group " + config.groupId());
        }
        return HealthStatus.down("not polling " + Topics.CATALOG_PRODUCTS.name());
    }

    /** Stops consuming (what is not committed is read again on the next start) and waits for the threads. */
    @Override
    public void close() {
        synchronized (switching) {
            closed = true;
            pipeline.stop();
        }
        drops.shutdownNow();
        http.close();
        deadLetters.close();
        fetcher.close();
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
