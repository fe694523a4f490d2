package io.cirstream.standalone.cli;

import io.cirstream.core.combiner.Combiner;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TextEmbedder;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.ProductFilter;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.query.app.QueryService;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.http.QueryGateway;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream bench query}: composed queries through the real query service (in-JVM broker, Kafka Streams
 * topology with exactly-once, micro-batched text encoder and Combiner, Lucene search over a catalogue of N products)
 * at several loads up to saturation, each query's latency from send to result, beside the bare compute of one query
 * (text encode + Combiner + ANN search, one at a time, nothing cached) measured in the same run.
 */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Measures query throughput and p50/p95/p99 latency through the query service at loads up to"
                + " saturation, beside the bare compute of one query measured in the same run.")
final class BenchQueryCommand implements Callable<Integer> {

    private static final double[] LOADS = {0.2, 0.4, 0.6, 0.8, 1.0};
    private static final int WRITE_BATCH = 1_000;
    private static final String[] COLOURS = {"red", "blue", "green", "black", "white", "yellow", "pink", "grey"};
    private static final String[] CHANGES = {
        "has long sleeves",
        "has short sleeves",
        "is shorter",
        "is longer",
        "has a logo",
        "has stripes",
        "is more formal",
        "is less formal",
        "has a v-neck",
        "is sleeveless",
        "has buttons",
        "is darker",
        "is lighter"
    };

    @Mixin
    ModelOptions model;

    @Option(
            names = "--catalog",
            defaultValue = "20000",
            description = "Products in the index (default: ${DEFAULT-VALUE}).")
    int catalog;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "Seconds per load level (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--stream-threads",
            defaultValue = "" + QueryConfig.DEFAULT_STREAM_THREADS,
            description = "Kafka Streams threads of the service (default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(
            names = "--in-flight",
            defaultValue = "32",
            description = "Queries outstanding while measuring saturation (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(
            names = "--commit-interval",
            defaultValue = "20ms",
            description = "Kafka Streams commit interval of the service (default: ${DEFAULT-VALUE}).")
    String commitIntervalText;

    private Duration commitInterval;

    @Option(names = "--bare-queries", defaultValue = "40", description = "Bare-compute samples, before and after.")
    int bareQueries;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path jsonOut;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (catalog < 10 || seconds < 1 || streamThreads < 1 || inFlight < 1 || bareQueries < 1) {
            throw new IllegalArgumentException(
                    "--catalog >= 10, --seconds, --stream-threads, --in-flight and" + " --bare-queries >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        ModelBundle bundle = model.openBundle();
        TorchRuntime.Resolved runtime = model.runtime();
        Path work = Files.createTempDirectory("cirstream-bench-query-");
        List<String> captions = captions();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                VectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(work.resolve("lucene")))) {
            kafka.createTopics(Topics.ALL);
            fill(store, bundle, out);
            QueryConfig config = QueryConfig.from(Settings.of(settings(kafka, bundle, work)));
            commitInterval = config.commitInterval();
            try (QueryService service = QueryService.start(config, Optional.of(store));
                    QueryGateway gateway = gateway(kafka.bootstrapServers());
                    TextEmbedder texts = TextEmbedder.open(bundle, runtime);
                    Combiner combiner =
                            Combiner.create(CombinerWeights.load(bundle.combinerFile()), runtime.device())) {
                if (!gateway.awaitReady(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("cannot read " + Topics.RESULTS.name());
                }
                out.printf(
                        "bundle %s (D=%d), %d products (Lucene), %d stream threads, %d captions, device %s%n",
                        bundle.name(), bundle.featureDim(), catalog, streamThreads, captions.size(), runtime.device());
                out.flush();
                QueryLoad load = new QueryLoad(gateway, captions, catalog);
                load.closed("warm-up", inFlight, Duration.ofSeconds(Math.max(2, seconds / 3)));
                double[] bareBefore = bare(texts, combiner, store, "before");
                QueryLoad.Level saturation = load.closed("saturation", inFlight, Duration.ofSeconds(seconds));
                out.printf("saturation: %.1f queries/s with %d in flight%n", saturation.achievedPerSecond(), inFlight);
                out.flush();
                List<QueryLoad.Level> levels = new ArrayList<>();
                for (double fraction : LOADS) {
                    QueryLoad.Level level = load.open(
                            Math.round(fraction * 100) + " %",
                            fraction * saturation.achievedPerSecond(),
                            Duration.ofSeconds(seconds));
                    levels.add(level);
                    out.printf("  %s done%n", level.name());
                    out.flush();
                }
                double[] bareAfter = bare(texts, combiner, store, "after");
                QueryBenchReport report = new QueryBenchReport(
                        catalog,
                        saturation,
                        levels,
                        bareBefore,
                        bareAfter,
                        service.textCache().hitRate());
                report.print(out, commitInterval);
                if (jsonOut != null) {
                    report.writeJson(jsonOut);
                }
            }
        }
        return 0;
    }

    private Map<String, String> settings(EmbeddedKafka kafka, ModelBundle bundle, Path work) {
        Map<String, String> settings = new HashMap<>();
        settings.put(QueryConfig.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        settings.put(QueryConfig.BUNDLE.name(), bundle.directory().toString());
        settings.put(QueryConfig.DATA_DIRECTORY.name(), work.resolve("query").toString());
        settings.put(QueryConfig.HTTP_PORT.name(), "0");
        settings.put(QueryConfig.STREAM_THREADS.name(), Integer.toString(streamThreads));
        settings.put(QueryConfig.COMMIT_INTERVAL.name(), commitIntervalText);
        settings.put(
                ModelStoreConfig.LOCATION.name(), work.resolve("models").toUri().toString());
        settings.put(RuntimeConfig.DEVICE_KEY.name(), model.device);
        settings.put(RuntimeConfig.FP16_KEY.name(), model.fp16);
        return settings;
    }

    private void fill(VectorStore store, ModelBundle bundle, PrintWriter out) {
        int dim = bundle.featureDim();
        store.createCollection(bundle.encoderVersion(), dim);
        Random random = new Random(5);
        for (int start = 0; start < catalog; start += WRITE_BATCH) {
            List<StoredProduct> batch = new ArrayList<>(WRITE_BATCH);
            for (int i = start; i < Math.min(catalog, start + WRITE_BATCH); i++) {
                float[] feature = new float[dim];
                for (int j = 0; j < dim; j++) {
                    feature[j] = (float) random.nextGaussian();
                }
                batch.add(new StoredProduct(
                        "p" + i,
                        feature,
                        "c" + (i % 10),
                        100L * i,
                        "EUR",
                        true,
                        Map.of(),
                        "0".repeat(64),
                        bundle.encoderVersion(),
                        1,
                        i));
            }
            store.upsert(batch);
            out.printf("\rindexing %d/%d products", Math.min(catalog, start + WRITE_BATCH), catalog);
            out.flush();
        }
        store.switchTo(bundle.encoderVersion());
        out.println();
    }

    private static List<String> captions() {
        List<String> captions = new ArrayList<>();
        for (String colour : COLOURS) {
            for (String change : CHANGES) {
                captions.add("is " + colour + " and " + change);
            }
        }
        return captions;
    }

    /** One query at a time, each caption new (no cache): text encode, Combiner, top-10 search. */
    private double[] bare(TextEmbedder texts, Combiner combiner, VectorStore store, String when) {
        Random random = new Random(when.hashCode());
        float[] reference = store.getFeatures(List.of("p0")).get("p0");
        double[] millis = new double[bareQueries];
        for (int i = -3; i < bareQueries; i++) {
            long start = System.nanoTime();
            float[] text = texts.embed("bare " + when + " " + i + " is " + COLOURS[random.nextInt(COLOURS.length)]);
            float[] query = combiner.combine(text, reference);
            store.search(query, 10, ProductFilter.none());
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        java.util.Arrays.sort(millis);
        return millis;
    }

    private static QueryGateway gateway(String bootstrapServers) {
        Map<String, Object> producer = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.ACKS_CONFIG,
                "all");
        return new QueryGateway(
                new KafkaProducer<>(
                        producer,
                        Topics.QUERIES.keySerde().serializer(),
                        Topics.QUERIES.valueSerde().serializer()),
                new KafkaProducer<>(
                        producer,
                        Topics.TRIPLETS.keySerde().serializer(),
                        Topics.TRIPLETS.valueSerde().serializer()),
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                                10),
                        new StringDeserializer(),
                        new ByteArrayDeserializer()));
    }
}
