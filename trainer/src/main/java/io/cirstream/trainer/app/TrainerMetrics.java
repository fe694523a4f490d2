package io.cirstream.trainer.app;

import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.trainer.log.AppendResult;
import io.cirstream.trainer.log.TripletConsumer;
import io.cirstream.trainer.trigger.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The trainer's Prometheus meters ({@code cirstream_trainer_*}): runs started by trigger and ended by status, run
 * duration, triplets consumed and dead-lettered, the log's size, what the last run trained and evaluated on, the
 * candidate's held-out metrics, the last promoted version, and the encoder version it trains for.
 */
public final class TrainerMetrics implements TripletConsumer.Listener, TrainingCoordinator.Listener {

    private static final String PREFIX = "cirstream.trainer.";

    private final MeterRegistry registry;
    private final Timer runDuration;
    private final Counter deadLettered;
    private final Counter logFailures;
    private final AtomicLong heldOut = new AtomicLong();
    private final AtomicLong trainingExamples = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong promotedAt = new AtomicLong();
    private final Map<String, Double> candidate = new ConcurrentHashMap<>();
    private final MultiGauge lastPromoted;
    private final MultiGauge encoders;
    private final Counter encoderSwitches;

    /**
     * @param registry the service's registry
     * @param tripletsInLog the log's live triplet count now
     * @param changedSinceLastRun triplets changed since the last run started
     * @param running 1 while a run trains, else 0
     */
    public TrainerMetrics(
            MeterRegistry registry,
            Supplier<Number> tripletsInLog,
            Supplier<Number> changedSinceLastRun,
            Supplier<Number> running) {
        this.registry = registry;
        this.runDuration = Timer.builder(PREFIX + "run.duration")
                .description("Wall time of training runs, preparation to publication")
                .register(registry);
        this.deadLettered = Counter.builder(PREFIX + "triplets.dead.lettered")
                .description("Triplet records sent to the dead-letter topic")
                .register(registry);
        this.logFailures = Counter.builder(PREFIX + "log.failures")
                .description("Batches of triplet records that failed and were read again")
                .register(registry);
        gauge("triplets.in.log", "Live triplets in the training log", tripletsInLog);
        gauge("triplets.changed.since.last.run", "Triplets changed since the last run started", changedSinceLastRun);
        gauge("run.active", "1 while a training run is in progress", running);
        Gauge.builder(PREFIX + "held.out.queries", heldOut, AtomicLong::doubleValue)
                .description("Held-out triplets of the last run")
                .register(registry);
        Gauge.builder(PREFIX + "training.examples", trainingExamples, AtomicLong::doubleValue)
                .description("Training triplets of the last run")
                .register(registry);
        Gauge.builder(PREFIX + "triplets.dropped", dropped, AtomicLong::doubleValue)
                .description("Triplets of the last run dropped because their products are gone from the store")
                .register(registry);
        Gauge.builder(PREFIX + "last.promoted.timestamp", promotedAt, AtomicLong::doubleValue)
                .description("When the last promoted version was published (epoch seconds)")
                .baseUnit("seconds")
                .register(registry);
        this.lastPromoted = MultiGauge.builder(PREFIX + "last.promoted.info")
                .description("1, tagged with the last version this trainer promoted")
                .register(registry);
        this.encoders = MultiGauge.builder(PREFIX + "encoder.info")
                .description("1, tagged with the encoder version the trainer trains Combiners for")
                .register(registry);
        this.encoderSwitches = Counter.builder(PREFIX + "encoder.switches")
                .description("Switches to the encoders of a bundle announced on the encoder line")
                .register(registry);
    }

    /** The encoder version the trainer trains for from now on; {@code switched}: after a switch-over. */
    public void trainsFor(String encoderVersion, boolean switched) {
        encoders.register(List.of(MultiGauge.Row.of(Tags.of("encoder_version", encoderVersion), 1.0)), true);
        if (switched) {
            encoderSwitches.increment();
        }
    }

    @Override
    public void appended(AppendResult result, int deadLetters) {
        consumed("added", result.added());
        consumed("replaced", result.replaced());
        consumed("unchanged", result.unchanged());
        consumed("removed", result.removed());
        deadLettered.increment(deadLetters);
    }

    @Override
    public void failed(RuntimeException error) {
        logFailures.increment();
    }

    @Override
    public void started(String runId, Trigger trigger) {
        Counter.builder(PREFIX + "runs.started")
                .description("Training runs started, by trigger")
                .tag("trigger", trigger.key())
                .register(registry)
                .increment();
    }

    @Override
    public void finished(RunReport report) {
        Counter.builder(PREFIX + "runs.finished")
                .description("Training runs ended, by status (promoted, rejected, skipped, failed, interrupted)")
                .tag("status", report.status().key())
                .register(registry)
                .increment();
        runDuration.record(Duration.ofMillis(Math.round(report.seconds() * 1000)));
        report.heldOutQueries().ifPresent(heldOut::set);
        report.trainingExamples().ifPresent(trainingExamples::set);
        report.droppedMissingProducts().ifPresent(dropped::set);
        report.candidateMetrics().forEach((metric, value) -> {
            if (candidate.put(metric, value) == null) {
                Gauge.builder(PREFIX + "candidate." + metric.replace('_', '.'), candidate, m -> m.get(metric))
                        .description("Held-out " + metric + " of the last run's candidate")
                        .register(registry);
            }
        });
    }

    /** A version this trainer published. */
    public void promoted(ModelVersion version) {
        promotedAt.set(version.getCreatedAt().getEpochSecond());
        lastPromoted.register(List.of(MultiGauge.Row.of(Tags.of("version", version.getVersion()), 1.0)), true);
    }

    private void consumed(String result, int count) {
        if (count > 0) {
            Counter.builder(PREFIX + "triplets.consumed")
                    .description("Triplet records written to the training log, by effect")
                    .tag("result", result)
                    .register(registry)
                    .increment(count);
        }
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(PREFIX + name, value)
                .description(description)
                .strongReference(true)
                .register(registry);
    }
}
