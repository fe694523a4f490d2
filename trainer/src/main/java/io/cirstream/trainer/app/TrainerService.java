package io.cirstream.trainer.app;

import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.ops.OwnedResources;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.core.registry.EncoderLineFollower;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.core.registry.ModelLoader;
import io.cirstream.core.registry.ModelRegistry;
import io.cirstream.core.registry.ModelTopicConsumer;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.core.store.VectorStore;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.trainer.config.TrainerConfig;
import io.cirstream.trainer.dataset.HeldOutSplit;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running trainer: the triplet consumer filling the training log, the model registry following the model topic,
 * the encoder line followed (each announced bundle's encoders are the ones it trains for from then on), the
 * coordinator running one training at a time, the triggers, and the HTTP server (health, metrics, training API).
 * {@link #close()} stops it in reverse order; a run in progress is cancelled and publishes nothing.
 */
public final class TrainerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

    private static final String SERVICE = "trainer";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final OwnedResources resources = new OwnedResources();
    private TrainingLog log;
    private TripletConsumer triplets;
    private ModelRegistry registry;
    private TrainingCoordinator coordinator;
    private TrainingTriggers triggers;
    private TrainerMetrics metrics;
    private Optional<EncoderLineFollower> encoderLine = Optional.empty();
    private volatile FollowedEncoders encoders;
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
        ModelBundle configured = ModelBundle.open(config.bundle(), config.verifyBundle());
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
        own(
                () -> { // closed after the encoder line and the runs have stopped
                    if (encoders != null) {
                        encoders.close();
                    }
                });
        encoderLine = config.followEncoders()
                ? Optional.of(own(EncoderLineFollower.start(
                        config.bootstrapServers(),
                        config.groupId() + "-encoders",
                        config.encoderLine(),
                        modelStore,
                        config.encoderCacheDirectory(),
                        config.modelStore().maxWeightBytes(),
                        deadLetters,
                        new EncoderLineListener(),
                        "trainer-encoders")))
                : Optional.empty();
        ModelBundle initial = initialBundle(configured);
        registry = modelRegistry(config, modelStore, deadLetters);
        HeldOutSplit split = new HeldOutSplit(config.heldOutFraction());
        Function<ModelBundle, TrainingEncoders> opener =
                bundle -> TrainingEncoders.open(bundle, runtime, config.textCacheDirectory(), split, registry);
        encoders = new FollowedEncoders(opener.apply(initial), opener);
        metrics.trainsFor(initial.encoderVersion(), false);
        TrainingRun run = trainingRun(config, store, modelStore, runtime, clock);
        coordinator = own(coordinator(config, run, () -> notReady(store), clock));
        Optional<String> lastRunFor = coordinator.last().flatMap(RunReport::encoderVersion);
        if (lastRunFor.isPresent() && !lastRunFor.get().equals(initial.encoderVersion())) {
            coordinator.encodersChanged(); // the last run was for other encoders: none trained with these yet
        }
        triggers = own(
                new TrainingTriggers(config.triggers(), log::sequence, coordinator::lastStartedSequence, coordinator));
        triplets = tripletConsumer(config, deadLetters);
        startThread("trainer-triplets", triplets);
        startThread("trainer-models", registry);
        triggers.start();
        http = own(routes(config, meters, store));
        encoders.attach(encoderLine.flatMap(EncoderLineFollower::current), this::switched);
        LOG.info(
                "trainer for {} ({}, encoders {}{}) serving HTTP on {}",
                config.modelName(),
                encoders.current().dims(),
                encoders.current().version(),
                config.followEncoders() ? ", following the encoder line " + config.encoderLine() : "",
                http.port());
    }

    /** The latest bundle on the encoder line (read to its end first), else the configured one. */
    private ModelBundle initialBundle(ModelBundle configured) {
        if (encoderLine.isEmpty()) {
            return configured;
        }
        try {
            return encoderLine.get().initialBundle(configured, READY_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the encoder line", e);
        }
    }

    /**
     * The trainer moved to the encoders of a newly announced bundle: a run in progress abandons itself (its features
     * are the old encoders'), and as no run trained with the new ones yet, every triplet counts as changed.
     */
    private void switched(TrainingEncoders next) {
        metrics.trainsFor(next.version(), true);
        coordinator.encodersChanged();
        if (coordinator.running().isEmpty()) {
            encoders.closeRetired();
        }
        triggers.checkNewTriplets();
    }

    /** Hands the encoder line's decisions to the encoders once they exist (the line is read before they do). */
    private final class EncoderLineListener implements ModelRegistry.Listener {
        @Override
        public void swapped(Optional<ServingModel> previous, ServingModel next) {
            FollowedEncoders followed = encoders;
            if (followed != null) {
                followed.swapped(previous, next);
            }
        }

        @Override
        public void rejected(ModelVersion version, String reason) {
            FollowedEncoders followed = encoders;
            if (followed != null) {
                followed.rejected(version, reason);
            }
        }
    }

    /**
     * The registry of announced Combiner versions: what the gate compares a candidate with. It takes versions for any
     * encoders; each run's encoders only use one trained on them ({@link ServingVersions}).
     */
    private static ModelRegistry modelRegistry(
            TrainerConfig config, ModelStore modelStore, DeadLetterPublisher deadLetters) {
        return new ModelRegistry(
                ModelTopicConsumer.open(config.bootstrapServers(), config.groupId() + "-models"),
                config.modelName(),
                new ModelLoader(
                        modelStore,
                        config.modelCacheDirectory(),
                        config.modelStore().maxWeightBytes(),
                        Optional.empty(),
                        Optional.<String>empty()),
                deadLetters,
                ModelRegistry.Listener.NONE,
                POLL_TIMEOUT);
    }

    /** One training run's parts: the encoders followed, the trainer, the gate, publication. */
    private TrainingRun trainingRun(
            TrainerConfig config,
            VectorStore store,
            ModelStore modelStore,
            TorchRuntime.Resolved runtime,
            Clock clock) {
        ModelAnnouncer announcer = own(ModelAnnouncer.connect(config.bootstrapServers(), Map.of()));
        return new TrainingRun(new TrainingRun.Parts(
                log,
                store,
                encoders,
                new CombinerTrainer(config.training(), runtime.device()),
                new HeldOutEvaluator(runtime.device()),
                new EvaluationGate(config.gate()),
                new ModelPublisher(modelStore, announcer, clock),
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
                        encoders.closeRetired(); // no run uses encoders replaced by a switch any more
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

    /** The training API with /health (triplets, models, encoders, store) and /metrics. */
    private ServiceHttp routes(TrainerConfig config, PrometheusMeterRegistry meters, VectorStore store) {
        return new TrainerRoutes(coordinator)
                .addTo(ServiceHttp.builder(SERVICE).port(config.httpPort()).registry(meters))
                .health(
                        "triplets",
                        () -> triplets.caughtUp()
                                ? HealthStatus.up(log.size() + " triplets in the log")
                                : HealthStatus.up("reading " + Topics.TRIPLETS.name()))
                .health("models", registry::health)
                .health("encoders", this::encoderHealth)
                .health("store", () -> notReady(store)
                        .map(HealthStatus::down)
                        .orElseGet(() -> HealthStatus.up(store.count() + " products in "
                                + encoders.current().version())))
                .start();
    }

    /** The encoders trained for, and where following the encoder line stands. */
    private HealthStatus encoderHealth() {
        String trainsFor = "training for encoders " + encoders.current().version();
        if (encoderLine.isEmpty()) {
            return HealthStatus.up(trainsFor + "; not following the encoder line");
        }
        HealthStatus line = encoderLine.get().health();
        List<String> refusals = encoders.refusals();
        String detail = trainsFor + "; encoder line: " + line.detail()
                + (refusals.isEmpty() ? "" : "; last refused: " + refusals.getLast());
        return line.healthy() ? HealthStatus.up(detail) : HealthStatus.down(detail);
    }

    private Optional<String> notReady(VectorStore store) {
        if (!triplets.caughtUp()) {
            return Optional.of("still reading the triplet topic into the training log");
        }
        if (!registry.caughtUp()) {
            return Optional.of("still reading the model topic");
        }
        if (encoderLine.isPresent() && !encoderLine.get().caughtUp()) {
            return Optional.of("still reading the encoder line");
        }
        String encoderVersion = encoders.current().version();
        Optional<String> active = store.activeCollection();
        if (active.isEmpty() || !active.get().equals(encoderVersion)) {
            return Optional.of("the vector store's active collection is " + active.orElse("none")
                    + ", not the one of the encoders the trainer trains for, " + encoderVersion
                    + " (a switch-over still rebuilding?)");
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

    /** The encoder version the trainer trains Combiners for now. */
    public String encoderVersion() {
        return encoders.current().version();
    }

    /** Whether the triplet log and the model topic have been read up to where they were at start. */
    public boolean caughtUp() {
        return triplets != null && triplets.caughtUp() && registry != null && registry.caughtUp();
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
