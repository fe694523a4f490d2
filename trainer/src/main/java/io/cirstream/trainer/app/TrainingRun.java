package io.cirstream.trainer.app;

import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.store.VectorStore;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.trainer.dataset.CatalogueSnapshot;
import io.cirstream.trainer.dataset.TrainingData;
import io.cirstream.trainer.gate.Baseline;
import io.cirstream.trainer.gate.EvaluationGate;
import io.cirstream.trainer.gate.GateDecision;
import io.cirstream.trainer.log.TrainingLog;
import io.cirstream.trainer.log.Triplet;
import io.cirstream.trainer.publish.Candidate;
import io.cirstream.trainer.publish.ModelPublisher;
import io.cirstream.trainer.training.CombinerInitialization;
import io.cirstream.trainer.training.CombinerTrainer;
import io.cirstream.trainer.training.HeldOutEvaluator;
import io.cirstream.trainer.training.TrainingCancelledException;
import io.cirstream.trainer.training.TrainingCurve;
import io.cirstream.trainer.training.TrainingResult;
import io.cirstream.trainer.trigger.Trigger;
import io.cirstream.trainer.trigger.TriggerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run, end to end, for the encoders the trainer trains for when it starts: the log's triplets and a
 * catalogue snapshot of the store (its active collection must be those encoders') become training examples (caption
 * features from those encoders' text encoder) and a held-out set; the Combiner is trained (warm from the version
 * serving for those encoders, or from scratch); the candidate and the serving version are evaluated side by side on
 * the same held-out set; the gate decides; a promoted candidate is published for those encoders. The report and the
 * training curve are written into the run's directory whatever the outcome. Nothing is published unless the run
 * reaches its very last step, so a crash or a cancellation anywhere before leaves nothing half-published.
 */
public final class TrainingRun implements RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /**
     * What a run works with.
     *
     * @param log the training log
     * @param store the vector store (the catalogue)
     * @param encoders the encoders the trainer trains for: a run takes the current ones when it starts (caption
     *     features, Combiner shape, what serves for them, the encoder version it names) and publishes only while they
     *     are still the current ones
     * @param trainer trains the candidate
     * @param evaluator evaluates candidate and serving version alike
     * @param gate decides on promotion
     * @param publisher publishes a promoted candidate
     * @param modelName the model line
     * @param minTriplets the fewest training examples a run trains on
     * @param clock the time source of reports and versions
     */
    public record Parts(
            TrainingLog log,
            VectorStore store,
            FollowedEncoders encoders,
            CombinerTrainer trainer,
            HeldOutEvaluator evaluator,
            EvaluationGate gate,
            ModelPublisher publisher,
            String modelName,
            int minTriplets,
            Clock clock) {
        public Parts {
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(encoders, "encoders");
            Objects.requireNonNull(trainer, "trainer");
            Objects.requireNonNull(evaluator, "evaluator");
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(modelName, "modelName");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final Parts parts;

    public TrainingRun(Parts parts) {
        this.parts = Objects.requireNonNull(parts, "parts");
    }

    /**
     * Runs once and returns the final report (also written to {@code runDirectory}). A switch to new encoders during
     * the run abandons it: its features are the old encoders', so it ends interrupted and publishes nothing; the next
     * run trains for the new ones.
     */
    @Override
    public RunReport execute(
            String runId, Trigger trigger, Path runDirectory, RunProgress progress, BooleanSupplier cancelled) {
        RunReport report = RunReport.started(runId, trigger, parts.clock().instant(), parts.modelName());
        TrainingEncoders encoders = parts.encoders().current();
        report.encoderVersion(encoders.version());
        report.write(runDirectory);
        BooleanSupplier switched = () -> !parts.encoders().isCurrent(encoders);
        BooleanSupplier stop = () -> cancelled.getAsBoolean() || switched.getAsBoolean();
        try {
            return finish(report, runDirectory, attempt(report, encoders, runDirectory, progress, stop));
        } catch (TrainingCancelledException e) {
            return finish(report, runDirectory, cancelledOutcome(encoders, switched, e));
        } catch (RuntimeException e) {
            LOG.error("training run {} failed", runId, e);
            return finish(report, runDirectory, new Outcome(RunStatus.FAILED, e.toString()));
        }
    }

    private record Outcome(RunStatus status, String reason) {}

    private Outcome cancelledOutcome(
            TrainingEncoders encoders, BooleanSupplier switched, TrainingCancelledException e) {
        if (switched.getAsBoolean()) {
            return new Outcome(
                    RunStatus.INTERRUPTED,
                    "abandoned: the trainer switched from encoders " + encoders.version() + " to "
                            + parts.encoders().current().version()
                            + " during the run, whose features are the old ones; nothing was published ("
                            + e.getMessage() + ")");
        }
        return new Outcome(RunStatus.INTERRUPTED, "cancelled: " + e.getMessage());
    }

    private Outcome attempt(
            RunReport report,
            TrainingEncoders encoders,
            Path runDirectory,
            RunProgress progress,
            BooleanSupplier cancelled) {
        report.logSequence(parts.log().sequence());
        List<Triplet> triplets = parts.log().triplets();
        Optional<String> notTheirs = notTheirCollection(encoders);
        if (notTheirs.isPresent()) {
            return new Outcome(RunStatus.SKIPPED, notTheirs.get());
        }
        CatalogueSnapshot catalogue = CatalogueSnapshot.of(parts.store());
        notTheirs = notTheirCollection(encoders);
        if (notTheirs.isPresent()) { // the store switched while the snapshot was read: it may mix collections
            return new Outcome(RunStatus.SKIPPED, notTheirs.get());
        }
        if (catalogue.size() == 0) {
            return new Outcome(RunStatus.SKIPPED, "the vector store's active collection holds no products");
        }
        if (catalogue.dimension() != encoders.dims().featureDim()) {
            return new Outcome(
                    RunStatus.FAILED,
                    "the store's features have dimension " + catalogue.dimension() + " but the Combiner takes "
                            + encoders.dims().featureDim() + ": another encoder's collection?");
        }
        FeatureCache cache = encoders.textCache();
        long hitsBefore = cache.hits();
        long missesBefore = cache.misses();
        TrainingData data = encoders.builder().build(triplets, catalogue);
        report.data(data);
        report.textCache(cache.hits() - hitsBefore, cache.misses() - missesBefore);
        if (data.dropped() > 0) {
            LOG.warn(
                    "{} of {} triplets dropped: their reference or target is gone from the store (e.g. {})",
                    data.dropped(),
                    data.triplets(),
                    data.droppedExamples());
        }
        int minimum = Math.max(parts.minTriplets(), TriggerConfig.LEAST_TRIPLETS);
        if (data.training().size() < minimum) {
            return new Outcome(
                    RunStatus.SKIPPED,
                    "%d usable training triplets; a run needs at least %d (%s)"
                            .formatted(data.training().size(), minimum, TriggerConfig.MIN_TRIPLETS_KEY.name()));
        }
        Optional<ServingVersion> serving = encoders.serving();
        TrainingResult result = parts.trainer()
                .train(
                        encoders.dims(),
                        serving.map(ServingVersion::weights),
                        data.training(),
                        data.heldOut(),
                        progress,
                        cancelled);
        TrainingCurve.write(result, runDirectory);
        report.training(result);

        progress.phase("evaluating");
        Map<String, Double> candidateMetrics =
                data.heldOut().isEmpty() ? Map.of() : parts.evaluator().evaluate(result.best(), data.heldOut());
        Optional<Baseline> baseline = serving.filter(s -> !data.heldOut().isEmpty())
                .map(s -> new Baseline(s.name(), parts.evaluator().evaluate(s.weights(), data.heldOut())));
        GateDecision decision =
                parts.gate().decide(candidateMetrics, baseline, data.heldOut().size());
        report.gate(decision);
        if (!decision.promote()) {
            return new Outcome(RunStatus.REJECTED, decision.reason());
        }
        if (cancelled.getAsBoolean()) {
            throw new TrainingCancelledException("stopped before publishing");
        }
        progress.phase("publishing");
        boolean warm = result.plan().initialization() == CombinerInitialization.WARM_START;
        Candidate candidate = new Candidate(
                parts.modelName(),
                warm ? serving.flatMap(ServingVersion::announced) : Optional.empty(),
                result.best(),
                encoders.version(),
                candidateMetrics,
                data.training().size());
        // a switch to other encoders waits for this publication, and none happens after one
        ModelVersion published = parts.encoders()
                .whileCurrent(encoders, () -> parts.publisher().publish(candidate, runDirectory))
                .orElseThrow(() -> new TrainingCancelledException("the encoders changed before publishing"));
        report.published(published);
        return new Outcome(RunStatus.PROMOTED, decision.reason());
    }

    /** Why the store's active collection is not the one of {@code encoders}' features, if it is not. */
    private Optional<String> notTheirCollection(TrainingEncoders encoders) {
        Optional<String> active = parts.store().activeCollection();
        if (active.isPresent() && active.get().equals(encoders.version())) {
            return Optional.empty();
        }
        return Optional.of("the vector store's active collection is " + active.orElse("none")
                + ", not the one of the encoders " + encoders.version() + " this run trains for");
    }

    private RunReport finish(RunReport report, Path runDirectory, Outcome outcome) {
        report.finished(outcome.status(), outcome.reason(), parts.clock().instant());
        report.write(runDirectory);
        LOG.info("training run {}: {} ({})", report.runId(), outcome.status().key(), outcome.reason());
        return report;
    }
}
