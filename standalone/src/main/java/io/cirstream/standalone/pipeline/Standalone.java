package io.cirstream.standalone.pipeline;

import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.store.VectorStore;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.demo.kafka.EmbeddedKafkaConfig;
import io.cirstream.ingest.app.EncoderFollower;
import io.cirstream.ingest.app.IngestService;
import io.cirstream.query.app.QueryService;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.web.WebDemoConfig;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.trainer.app.TrainerService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code cirstream standalone}: the live system in this JVM, wired as in production through the topics. The in-JVM
 * broker, the ingest service writing the Lucene index, the trainer service reading triplets and publishing Combiner
 * versions, the query service answering {@code cir.queries} and serving the API and the web demo; on the first start a
 * demo catalogue is drawn ({@link SynthCatalogue}) and streamed onto {@code catalog.products} ({@link
 * CatalogueTopic}), and its training triplets onto {@code cir.triplets} ({@link TripletFeed}). All state is under one
 * directory: a restart resumes from the broker's data, the committed offsets and the index, embedding nothing again.
 * {@link #close()} stops every part in reverse order: the query service, the trainer, the ingest service (its
 * in-flight batch written and its offsets committed), the store (its index committed), the encoder, the broker.
 */
public final class Standalone implements AutoCloseable {

    /** How long the ingest service may make no progress before the start fails. */
    static final Duration INGEST_STALL_LIMIT = Duration.ofMinutes(3);

    /** How long the query service's catalogue view may take to hold the catalogue. */
    static final Duration QUERY_VIEW_LIMIT = Duration.ofMinutes(2);

    private final StandaloneConfig config;
    private final PipelineLayout layout;
    private final ShutdownStack parts = new ShutdownStack();
    private IngestStage ingest;
    private TrainerService trainer;
    private QueryService query;
    private Ready ready;
    private String bootstrapServers;

    private Standalone(StandaloneConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.layout = config.layout();
    }

    /**
     * What the start achieved.
     *
     * @param products products in the demo catalogue
     * @param restarted whether the directory held an earlier run (catalogue, broker data, index)
     * @param catalogueEventsSent catalogue events sent now (0 on a restart)
     * @param stored products in the index
     * @param embedded images the ingest service embedded during this start (0 on a restart)
     * @param tripletsSent training triplets sent now (0 on a restart)
     * @param seconds from the call to ready
     * @param address the web demo's address
     */
    public record Ready(
            int products,
            boolean restarted,
            long catalogueEventsSent,
            long stored,
            long embedded,
            long tripletsSent,
            double seconds,
            URI address) {}

    /** A standalone for {@code config}, not started yet (so a shutdown hook can hold it before {@link #run}). */
    public static Standalone of(StandaloneConfig config) {
        return new Standalone(config);
    }

    /** {@link #of} and {@link #run} in one call. */
    public static Standalone start(StandaloneConfig config, StepProgress progress, PrintWriter out) throws IOException {
        Standalone standalone = of(config);
        standalone.run(progress, out);
        return standalone;
    }

    /**
     * Starts every part, streams the demo catalogue in on the first start, and returns once the index and the query
     * service's catalogue view hold the whole catalogue. When a part fails to start, every part started is stopped.
     *
     * @throws IllegalArgumentException when the directory cannot be used (a file, another catalogue)
     */
    public Ready run(StepProgress progress, PrintWriter out) throws IOException {
        try {
            startParts(progress, out);
            return ready;
        } catch (RuntimeException | IOException e) {
            progress.endStage();
            close();
            throw e;
        }
    }

    private void startParts(StepProgress progress, PrintWriter out) throws IOException {
        long start = System.nanoTime();
        boolean restarted = Files.isDirectory(layout.kafka());
        layout.prepare(true);
        ModelBundle bundle = ModelBundle.open(config.bundle());
        out.printf(
                "cirstream standalone: %s in %s%n  %s%n",
                restarted ? "resuming" : "first start", layout.root(), ServedBundle.statement(bundle));
        out.flush();
        SynthCatalogue catalogue = SynthCatalogue.prepare(config.products(), config.seed(), true, layout, progress);
        progress.endStage();
        EmbeddedKafka kafka = parts.push(
                "Kafka broker",
                EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(layout.kafka())));
        kafka.createTopics(Topics.ALL);
        String bootstrap = kafka.bootstrapServers();
        bootstrapServers = bootstrap;
        GroupOffsets offsets = parts.push("admin client", new GroupOffsets(bootstrap));
        Settings settings = settings(bootstrap);
        ingest = IngestStage.start(settings, parts);
        trainer = TrainingStage.start(settings, ingest.store(), parts);
        URI trainerUrl = URI.create("http://127.0.0.1:" + trainer.httpPort());
        query = parts.push(
                "query service",
                QueryService.start(
                        QueryConfig.from(settings),
                        Optional.of(ingest.store()),
                        new WebDemoConfig(Optional.of(trainerUrl))));
        URI address = URI.create("http://localhost:" + query.httpPort() + "/");
        out.printf(
                "  broker %s; ingest http://127.0.0.1:%d/health; trainer %s/train; query service %s%n",
                bootstrap, ingest.service().httpPort(), trainerUrl, address);
        out.flush();
        CatalogueTopic events = CatalogueTopic.publish(bootstrap, offsets, catalogue, progress);
        progress.endStage();
        IngestCatchUp.Outcome indexed =
                IngestCatchUp.await(ingest, offsets, catalogue.products(), progress, INGEST_STALL_LIMIT);
        progress.endStage();
        long tripletsSent = publishTriplets(catalogue, offsets, bootstrap, progress);
        progress.endStage();
        QueryViewCatchUp.await(query.httpPort(), catalogue.products(), QUERY_VIEW_LIMIT);
        ready = new Ready(
                catalogue.products(),
                restarted,
                events.sent(),
                indexed.stored(),
                indexed.embedded(),
                tripletsSent,
                (System.nanoTime() - start) / 1e9,
                address);
    }

    /** The catalogue's training triplets, sent once: when the topic holds fewer records than the split has. */
    private long publishTriplets(
            SynthCatalogue catalogue, GroupOffsets offsets, String bootstrap, StepProgress progress) {
        int train = catalogue.cirrTriplets().getOrDefault("train", 0);
        if (offsets.records(Topics.TRIPLETS.name()) >= train) {
            return 0;
        }
        return TripletFeed.publish(layout.cirr(), bootstrap, catalogue.generatedAt(), progress)
                .sent();
    }

    private Settings settings(String bootstrap) {
        Settings services = ServiceSettings.of(
                config.services(),
                config.bundle(),
                config.device(),
                config.maxEpochs(),
                config.trainBatchSize(),
                layout,
                bootstrap);
        Map<String, String> query = new HashMap<>();
        query.put(QueryConfig.DATA_DIRECTORY.name(), layout.query().toString());
        query.put(QueryConfig.HTTP_PORT.name(), Integer.toString(config.httpPort()));
        return services.withOverrides(query);
    }

    /** What the start achieved. */
    public Ready ready() {
        return ready;
    }

    /** The ingest service. */
    public IngestService ingest() {
        return ingest.service();
    }

    /** What follows the encoder line for the ingest service (the image encoder in use). */
    public EncoderFollower encoders() {
        return ingest.encoders();
    }

    /** The embedded broker's address. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the run keeps its files (broker, index, model store, services' data). */
    public PipelineLayout layout() {
        return layout;
    }

    /** The vector store the services share. */
    public VectorStore store() {
        return ingest.store();
    }

    /** The trainer service. */
    public TrainerService trainer() {
        return trainer;
    }

    /** The query service (API and web demo). */
    public QueryService query() {
        return query;
    }

    /** The parts stopped so far, in the order they were stopped. */
    public List<String> stopped() {
        return parts.stopped();
    }

    /** Stops every part in reverse order of their start; safe to call twice (and from a shutdown hook). */
    @Override
    public void close() {
        parts.close();
    }
}
