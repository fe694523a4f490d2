package io.cirstream.trainer.app;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.eval.CachedEmbeddings;
import io.cirstream.core.eval.cache.EncoderKey;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.core.progress.ProgressListener;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.core.registry.ModelLoader;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ModelTopicConsumer;
import io.cirstream.core.store.VectorStore;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.trainer.config.TrainerConfig;
import io.cirstream.trainer.dataset.HeldOutSplit;
import io.cirstream.trainer.dataset.TrainingSetBuilder;
import io.cirstream.trainer.gate.EvaluationGate;
import io.cirstream.trainer.log.AppendResult;
import io.cirstream.trainer.log.TrainingLog;
import io.cirstream.trainer.log.TripletConsumer;
import io.cirstream.trainer.log.TripletDecoder;
import io.cirstream.trainer.publish.ModelPublisher;
import io.cirstream.trainer.training.CombinerTrainer;
import io.cirstream.trainer.training.HeldOutEvaluator;
import io.cirstream.trainer.trigger.TrainingTriggers;
import io.cirstream.trainer.trigger.Trigger;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running trainer: the triplet consumer filling the training log, the model registry following the model topic,
 * the coordinator running one training at a time, the triggers, and the HTTP server (health, metrics, training API).
 * {@link #close()} stops it in reverse order; a run in progress is cancelled and publishes nothing.
 */
public final class TrainerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

    private static final String SERVICE = "trainer";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private TrainingLog log;
    private TripletConsumer triplets;
    private ModelRegistry registry;
    private TrainingCoordinator coordinator;
    private TrainingTriggers triggers;
    private TrainerMetrics metrics;
    private ServiceHttp http;

    private TrainerService() {}

    /** Starts the trainer with the store its configuration names. */
    public static TrainerService start(TrainerConfig config) {
        return start(config, Optional.empty());
    }

    /**
     * Starts the trainer.
     *
     * @param sharedStore a store opened by the caller (the standalone mode's embedded one), which the trainer uses and
     *     does not close; empty: the trainer opens the configured one
     */
    public static TrainerService start(TrainerConfig config, Optional<VectorStore> sharedStore) {
        TrainerService service = new TrainerService();
        try {
            service.wire(config, sharedStore);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void wire(TrainerConfig config, Optional<VectorStore> sharedStore) {
        Clock clock = Clock.systemUTC();
        ModelBundle bundle = ModelBundle.open(config.bundle(), config.verifyBundle());
        CombinerDims dims = bundle.combinerDims();
        String encoderVersion = bundle.encoderVersion();
        TorchRuntime.Resolved runtime = TorchRuntime.resolve(config.runtime());
        VectorStore store = sharedStore.orElseGet(() -> own(config.store().open()));
        log = own(TrainingLog.open(config.logDirectory()));
        PrometheusMeterRegistry meters = ServiceMetrics.create(SERVICE);
        DeadLetterPublisher deadLetters = own(DeadLetterPublisher.connect(config.bootstrapServers(), Map.of()));
        ModelStore modelStore = config.modelStore().open();

        metrics = new TrainerMetrics(
                meters,
                () -> log.size(),
                () -> triggers == null ? 0 : triggers.changedSinceLastRun(),
                () -> coordinator != null && coordinator.running().isPresent() ? 1 : 0);
        registry = modelRegistry(config, modelStore, deadLetters, dims, encoderVersion);
        TrainingRun run = trainingRun(config, bundle, runtime, store, modelStore, clock);
        coordinator = own(coordinator(config, run, () -> notReady(store, encoderVersion), clock));
        triggers = own(
                new TrainingTriggers(config.triggers(), log::sequence, coordinator::lastStartedSequence, coordinator));
        triplets = tripletConsumer(config, deadLetters);
        startThread("trainer-triplets", triplets);
        startThread("trainer-models", registry);
        triggers.start();
        http = own(routes(config, meters, store, encoderVersion));
        LOG.info(
                "trainer for {} ({}, encoders {}) serving HTTP on {}",
                config.modelName(),
                dims,
                encoderVersion,
                http.port());
    }

    /** The registry of served versions: what the gate compares a candidate with. */
    private static ModelRegistry modelRegistry(
            TrainerConfig config,
            ModelStore modelStore,
            DeadLetterPublisher deadLetters,
            CombinerDims dims,
            String encoderVersion) {
        return new ModelRegistry(
                ModelTopicConsumer.open(config.bootstrapServers(), config.groupId() + "-models"),
                config.modelName(),
                new ModelLoader(
                        modelStore,
                        config.modelCacheDirectory(),
                        config.modelStore().maxWeightBytes(),
                        Optional.of(dims),
                        Optional.of(encoderVersion)),
                deadLetters,
                ModelRegistry.Listener.NONE,
                POLL_TIMEOUT);
    }

    /** One training run's parts: the training set with cached caption features, the trainer, the gate, publication. */
    private TrainingRun trainingRun(
            TrainerConfig config,
            ModelBundle bundle,
            TorchRuntime.Resolved runtime,
            VectorStore store,
            ModelStore modelStore,
            Clock clock) {
        FeatureCache textCache = own(FeatureCache.open(
                config.textCacheDirectory(),
                EncoderKey.of(bundle, runtime.fp16(), runtime.device().getDeviceType())));
        CachedEmbeddings captions = own(new CachedEmbeddings(
                () -> {
                    throw new IllegalStateException("the trainer embeds no images: they come from the store");
                },
                () -> TextEmbedder.open(bundle, runtime),
                textCache,
                ProgressListener.NONE));
        ModelAnnouncer announcer = own(ModelAnnouncer.connect(config.bootstrapServers(), Map.of()));
        return new TrainingRun(new TrainingRun.Parts(
                log,
                store,
                new TrainingSetBuilder(captions::captions, new HeldOutSplit(config.heldOutFraction())),
                textCache,
                new CombinerTrainer(config.training(), runtime.device()),
                new HeldOutEvaluator(runtime.device()),
                new EvaluationGate(config.gate()),
                new ModelPublisher(modelStore, announcer, clock),
                new ServingVersions(registry, bundle),
                bundle.combinerDims(),
                bundle.encoderVersion(),
                config.modelName(),
                config.triggers().minTriplets(),
                clock));
    }

    /** Runs one at a time, counted in the metrics; each finished run looks again for new triplets. */
    private TrainingCoordinator coordinator(
            TrainerConfig config, TrainingRun run, Supplier<Optional<String>> notReady, Clock clock) {
        return new TrainingCoordinator(
                run,
                config.runsDirectory(),
                log::sequence,
                notReady,
                config.training().maxEpochs(),
                clock,
                new TrainingCoordinator.Listener() {
                    @Override
                    public void started(String runId, Trigger trigger) {
                        metrics.started(runId, trigger);
                    }

                    @Override
                    public void finished(RunReport report) {
                        metrics.finished(report);
                        report.published().ifPresent(metrics::promoted);
                        triggers.checkNewTriplets();
                    }
                });
    }

    /** Reads the triplet topic into the training log; new triplets may start a run. */
    private TripletConsumer tripletConsumer(TrainerConfig config, DeadLetterPublisher deadLetters) {
        return new TripletConsumer(
                TrainerKafka.tripletConsumer(config.bootstrapServers(), config.groupId()),
                log,
                new TripletDecoder(config.runtime().maxCaptionChars()),
                deadLetters,
                new TripletConsumer.Listener() {
                    @Override
                    public void appended(AppendResult result, int deadLettered) {
                        metrics.appended(result, deadLettered);
                        if (result.changes() > 0) {
                            triggers.checkNewTriplets();
                        }
                    }

                    @Override
                    public void failed(RuntimeException error) {
                        metrics.failed(error);
                    }
                },
                POLL_TIMEOUT);
    }

    /** The training API with /health (triplets, models, store) and /metrics. */
    private ServiceHttp routes(
            TrainerConfig config, PrometheusMeterRegistry meters, VectorStore store, String encoderVersion) {
        return new TrainerRoutes(coordinator)
                .addTo(ServiceHttp.builder(SERVICE).port(config.httpPort()).registry(meters))
                .health(
                        "triplets",
                        () -> triplets.caughtUp()
                                ? HealthStatus.up(log.size() + " triplets in the log")
                                : HealthStatus.up("reading " + Topics.TRIPLETS.name()))
                .health("models", registry::health)
                .health("store", () -> notReady(store, encoderVersion)
                        .map(HealthStatus::down)
                        .orElseGet(() -> HealthStatus.up(store.count() + " products in " + encoderVersion)))
                .start();
    }

    private Optional<String> notReady(VectorStore store, String encoderVersion) {
        if (!triplets.caughtUp()) {
            return Optional.of("still reading the triplet topic into the training log");
        }
        if (!registry.caughtUp()) {
            return Optional.of("still reading the model topic");
        }
        Optional<String> active = store.activeCollection();
        if (active.isEmpty() || !active.get().equals(encoderVersion)) {
            return Optional.of("the vector store's active collection is " + active.orElse("none")
                    + ", not the bundle's encoder version " + encoderVersion);
        }
        return Optional.empty();
    }

    /** The HTTP port (health, metrics, training API). */
    public int httpPort() {
        return http.port();
    }

    /** The coordinator of training runs. */
    public TrainingCoordinator coordinator() {
        return coordinator;
    }

    /** The training log. */
    public TrainingLog log() {
        return log;
    }

    /** The model registry the trainer compares candidates against. */
    public ModelRegistry registry() {
        return registry;
    }

    /** Whether the triplet log and the model topic have been read up to where they were at start. */
    public boolean caughtUp() {
        return triplets != null && triplets.caughtUp() && registry != null && registry.caughtUp();
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource, e.toString());
            }
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    private void startThread(String name, Runnable loop) {
        Thread thread = Thread.ofPlatform().name(name).start(loop);
        AutoCloseable stop = loop instanceof AutoCloseable closeable ? closeable : () -> {};
        resources.push(() -> {
            stop.close();
            thread.join(Duration.ofSeconds(30));
        });
    }
}
