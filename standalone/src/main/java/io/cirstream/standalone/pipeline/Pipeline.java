package io.cirstream.standalone.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cirstream.core.CirstreamException;
import io.cirstream.core.config.Settings;
import io.cirstream.core.io.DurableFiles;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.demo.kafka.EmbeddedKafkaConfig;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.trainer.app.RunReport;
import io.cirstream.trainer.app.TrainerService;
import io.cirstream.trainer.config.TrainerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code cirstream pipeline}: the system end to end in this JVM, on embedded parts and the real services.
 *
 * <ol>
 *   <li>the synthetic catalogue ({@link SynthCatalogue});
 *   <li>the embedded Kafka broker with every topic, and the catalogue's events on {@code catalog.products}
 *       ({@link CatalogueTopic});
 *   <li>the ingest service embedding the catalogue into the Lucene index until it caught up ({@link IngestCatchUp});
 *   <li>the training triplets on {@code cir.triplets} ({@link TripletFeed});
 *   <li>the trainer service: a run on demand, its gate and publication ({@link TrainingStage});
 *   <li>the evaluation of the zero-shot sum, the bundle's Combiner and the served one ({@link PipelineEvaluation}).
 * </ol>
 *
 * Every part is stopped in reverse order at the end, or when a step fails; a failure is a {@link PipelineException}
 * naming the step.
 */
public final class Pipeline {

    /** How long the ingest service may make no progress before the step fails. */
    static final Duration INGEST_STALL_LIMIT = Duration.ofMinutes(3);

    /** How long the trainer may take to read its topics before it can run. */
    static final Duration TRAINER_READY_LIMIT = Duration.ofMinutes(2);

    /** How long reading the model topic may take. */
    static final Duration MODEL_TOPIC_LIMIT = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PipelineConfig config;
    private final PipelineLayout layout;
    private final StepProgress progress;
    private final PrintWriter out;
    private final List<PipelineReport.StepTiming> steps = new ArrayList<>();
    private final ShutdownStack parts = new ShutdownStack();
    private volatile boolean stopping;

    public Pipeline(PipelineConfig config, StepProgress progress, PrintWriter out) {
        this.config = Objects.requireNonNull(config, "config");
        this.layout = config.layout();
        this.progress = Objects.requireNonNull(progress, "progress");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** The step bodies: a result, or any exception (the pipeline names the step). */
    @FunctionalInterface
    private interface StepBody<T extends StepOutcome> {
        T run() throws Exception;
    }

    private record KafkaParts(EmbeddedKafka kafka, GroupOffsets offsets, CatalogueTopic topic) implements StepOutcome {
        @Override
        public String summary() {
            return topic.summary();
        }
    }

    private record IngestParts(IngestStage stage, IngestCatchUp.Outcome outcome) implements StepOutcome {
        @Override
        public String summary() {
            return outcome.summary();
        }
    }

    private record EvaluationParts(Optional<ServingModel> served, PipelineEvaluation evaluation)
            implements StepOutcome {
        @Override
        public String summary() {
            return evaluation.summary() + "; served: "
                    + served.map(ServingModel::name).orElse("no published version (the bundle's Combiner, if any)");
        }
    }

    /**
     * Runs every step and writes the report.
     *
     * @throws IllegalArgumentException when the directory cannot be used (not empty without {@code keep})
     * @throws PipelineException when a step fails
     */
    public PipelineReport run() throws IOException {
        layout.prepare(config.keep());
        long start = System.nanoTime();
        ModelBundle bundle = ModelBundle.open(config.bundle());
        TorchRuntime.Resolved runtime = TorchRuntime.resolve(
                RuntimeConfig.from(config.services().withOverrides(Map.of(ServiceSettings.DEVICE, config.device()))));
        out.printf(
                "cirstream pipeline into %s (bundle %s, %d products, seed %d, at most %d epochs of batches of %d)%n",
                layout.root(),
                bundle.name(),
                config.products(),
                config.seed(),
                config.maxEpochs(),
                config.trainBatchSize());
        PipelineReport report;
        try {
            SynthCatalogue catalogue = step(PipelineStep.SYNTH, () -> SynthCatalogue.prepare(config, layout, progress));
            KafkaParts kafka = step(PipelineStep.KAFKA, () -> startKafka(catalogue));
            String bootstrap = kafka.kafka().bootstrapServers();
            Settings settings = ServiceSettings.of(config, layout, bootstrap);
            IngestParts ingest = step(PipelineStep.INGEST, () -> {
                IngestStage stage = IngestStage.start(settings, parts);
                note("ingest service up: http://127.0.0.1:" + stage.service().httpPort() + "/health and /metrics");
                return new IngestParts(
                        stage,
                        IngestCatchUp.await(
                                stage, kafka.offsets(), catalogue.products(), progress, INGEST_STALL_LIMIT));
            });
            TripletFeed triplets = step(
                    PipelineStep.TRIPLETS,
                    () -> TripletFeed.publish(layout.cirr(), bootstrap, catalogue.generatedAt(), progress));
            TrainingStage.Outcome training = step(PipelineStep.TRAINING, () -> {
                TrainerService trainer =
                        TrainingStage.start(settings, ingest.stage().store(), parts);
                note("trainer service up: http://127.0.0.1:" + trainer.httpPort() + "/train, /health and /metrics");
                return TrainingStage.train(trainer, triplets.sent(), progress, TRAINER_READY_LIMIT);
            });
            EvaluationParts evaluation = step(PipelineStep.EVALUATION, () -> {
                Optional<ServingModel> served = servedCombiner(settings, bundle, bootstrap);
                return new EvaluationParts(
                        served,
                        PipelineEvaluation.run(
                                new PipelineEvaluation.Inputs(
                                        bundle, runtime, ingest.stage().config().imageLimits(), layout, served),
                                progress));
            });
            out.printf("%nstopping ...%n");
            out.flush();
            parts.close();
            report = new PipelineReport(
                    inputs(bundle, runtime),
                    steps,
                    catalogue.products(),
                    ingest.outcome().stored(),
                    ingest.outcome().embedded(),
                    triplets.sent(),
                    training(training, evaluation.served(), bundle),
                    evaluation.evaluation().rows(),
                    layout.parts(),
                    parts.stopped(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            progress.endStage();
            parts.close();
        }
        write(report);
        return report;
    }

    /** Stops every part started so far (a shutdown hook's way out); the running step then fails. */
    public void stop() {
        stopping = true;
        parts.close();
    }

    private <T extends StepOutcome> T step(PipelineStep step, StepBody<T> body) {
        out.printf("%n[%s]%n", step.label());
        out.flush();
        long start = System.nanoTime();
        T outcome;
        try {
            outcome = body.run();
        } catch (PipelineException e) {
            throw e;
        } catch (Exception e) {
            progress.endStage();
            throw new PipelineException(
                    step, stopping ? new CirstreamException("stopped from outside; every part was shut down", e) : e);
        }
        progress.endStage();
        double seconds = (System.nanoTime() - start) / 1e9;
        steps.add(new PipelineReport.StepTiming(step.key(), step.title(), seconds, outcome.summary()));
        out.printf("  %s (%.1f s)%n", outcome.summary(), seconds);
        out.flush();
        return outcome;
    }

    /** A line about the running step, printed at once. */
    private void note(String line) {
        progress.endStage();
        out.printf("  %s%n", line);
        out.flush();
    }

    private KafkaParts startKafka(SynthCatalogue catalogue) throws IOException {
        EmbeddedKafka kafka = parts.push(
                "Kafka broker",
                EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(layout.kafka())));
        kafka.createTopics(Topics.ALL);
        GroupOffsets offsets = parts.push("admin client", new GroupOffsets(kafka.bootstrapServers()));
        return new KafkaParts(
                kafka, offsets, CatalogueTopic.publish(kafka.bootstrapServers(), offsets, catalogue, progress));
    }

    private Optional<ServingModel> servedCombiner(Settings settings, ModelBundle bundle, String bootstrap) {
        TrainerConfig trainer = TrainerConfig.from(settings);
        return ServedCombiner.read(
                bootstrap,
                ModelStoreConfig.from(settings),
                layout.servingCache(),
                trainer.modelName(),
                bundle.combinerDims(),
                bundle.encoderVersion(),
                MODEL_TOPIC_LIMIT);
    }

    private PipelineReport.Inputs inputs(ModelBundle bundle, TorchRuntime.Resolved runtime) {
        return new PipelineReport.Inputs(
                config.products(),
                config.seed(),
                config.bundle().toAbsolutePath().normalize().toString(),
                bundle.name(),
                runtime.device().isGpu() ? "gpu:" + runtime.device().getDeviceId() : "cpu",
                config.maxEpochs(),
                config.trainBatchSize(),
                config.keep());
    }

    private static PipelineReport.Training training(
            TrainingStage.Outcome outcome, Optional<ServingModel> served, ModelBundle bundle) {
        RunReport run = outcome.report();
        var tree = run.tree();
        return new PipelineReport.Training(
                run.runId(),
                run.status().key(),
                run.reason(),
                run.trainingExamples().orElse(0),
                run.heldOutQueries().orElse(0),
                tree.path("training").path("epochsRun").asInt(),
                tree.path("training").path("bestEpoch").asInt(),
                tree.path("gate"),
                run.publishedVersion().orElse(null),
                served.map(ServingModel::name)
                        .orElse(bundle.hasCombiner() ? "bundle:" + bundle.combinerVersion() : "none"),
                outcome.runDirectory().toString());
    }

    private void write(PipelineReport report) throws IOException {
        String text = PipelineReportTable.render(report);
        DurableFiles.write(layout.reportJson(), JSON.writeValueAsBytes(report));
        DurableFiles.write(layout.reportText(), text.getBytes(StandardCharsets.UTF_8));
        out.printf("%n%s", text);
        out.flush();
    }
}
