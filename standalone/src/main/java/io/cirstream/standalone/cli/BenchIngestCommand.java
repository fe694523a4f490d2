package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.ops.ServiceMetrics;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.ingest.app.IngestService;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream bench ingest}: catalogue events/s through the real ingest pipeline end to end (an in-JVM broker,
 * the ingest service's consumer, micro-batches, embedding, store writes, offset commits), against the bound measured
 * in the same run: the same images through core's {@code ImageEmbedder} alone. Every event carries its own distinct
 * product-like JPEG inline, so nothing is deduplicated and the two figures embed exactly the same images.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Measures end-to-end catalogue events/s of the ingest pipeline and the embed-only bound on the"
                + " same images, and their ratio.")
final class BenchIngestCommand implements Callable<Integer> {

    private static final String GROUP = "bench-ingest";
    private static final long IMAGE_SEED = 7;
    private static final long WARMUP_SEED = 1_000_000;
    /** Micro-batches of warm-up events before the clock starts. */
    private static final int WARMUP_BATCHES = 4;
    /** How often the committed offsets are read: the end of the run is known to within this. */
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(50);

    @Mixin
    ModelOptions model;

    @Option(names = "--events", defaultValue = "1000", description = "Catalogue events (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--store", defaultValue = "lucene", description = "lucene or milvus (default: ${DEFAULT-VALUE}).")
    String storeKind;

    @Option(
            names = "--ingest-batch-size",
            defaultValue = "" + IngestConfig.DEFAULT_BATCH_SIZE,
            description = "Records per ingest micro-batch (default: ${DEFAULT-VALUE}).")
    int ingestBatchSize;

    @Option(
            names = "--batch-max-wait",
            defaultValue = "200ms",
            description = "Longest wait to fill a micro-batch (default: ${DEFAULT-VALUE}).")
    String batchMaxWait;

    @Option(
            names = "--partitions",
            defaultValue = "" + Topics.DEFAULT_PARTITIONS,
            description = "Partitions of the catalogue topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path jsonOut;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (events < 1) {
            throw new IllegalArgumentException("--events must be >= 1, got " + events);
        }
        ModelBundle bundle = model.openBundle();
        TorchRuntime.Resolved runtime = model.runtime();
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("cirstream-bench-ingest-");
        out.printf("generating %d product-like JPEGs (600x800 to 1200x900)...%n", events);
        out.flush();
        List<byte[]> images = BenchImages.productJpegs(events, IMAGE_SEED);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                BenchStore store = BenchStore.open(storeKind, work);
                ImageEmbedder embedder = ImageEmbedder.open(bundle, runtime, model.imageLimits())) {
            kafka.createTopics(Topics.CATALOG_PRODUCTS.withPartitions(partitions), Topics.CATALOG_PRODUCTS_DLQ);
            out.printf(
                    "bundle %s (D=%d, input %d), %d events, store %s, device %s, image batch %d, ingest batch %d%n",
                    bundle.name(),
                    bundle.featureDim(),
                    bundle.preprocessing().inputSize(),
                    events,
                    store.kind(),
                    runtime.device(),
                    runtime.imageBatchSize(),
                    ingestBatchSize);
            out.flush();
            List<ImageInput> inputs = inputs(images);
            embedder.embedAll(inputs.subList(0, Math.min(inputs.size(), 2 * runtime.imageBatchSize())));
            // the bound before and after the pipeline, so a change in the machine's load shows and is averaged
            Rate before = embedOnly(embedder, inputs, runtime.imageBatchSize());
            PipelineRun pipeline = pipeline(kafka, store, embedder, images);
            Rate after = embedOnly(embedder, inputs, runtime.imageBatchSize());
            report(out, bundle, before, after, pipeline);
        }
        return 0;
    }

    /**
     * Items per second of wall-clock time, and per second of this process's CPU time: the second does not depend on
     * what else runs on the machine, so it shows the pipeline's own cost on a shared machine.
     */
    private record Rate(double perSecond, double perCpuSecond) {}

    /** Images/s of the embedder alone over every image, in chunks of a few encoder batches (for the progress bar). */
    private static Rate embedOnly(ImageEmbedder embedder, List<ImageInput> inputs, int imageBatch) {
        int chunk = imageBatch * 8;
        long cpu = ProcessCpu.nanos();
        long start = System.nanoTime();
        try (ProgressBar bar = BenchProgress.bar("embed only", inputs.size(), " images")) {
            for (int from = 0; from < inputs.size(); from += chunk) {
                List<ImageInput> slice = inputs.subList(from, Math.min(inputs.size(), from + chunk));
                embedder.embedAll(slice);
                bar.stepBy(slice.size());
            }
        }
        return new Rate(
                inputs.size() / ((System.nanoTime() - start) / 1e9),
                inputs.size() / ((ProcessCpu.nanos() - cpu) / 1e9));
    }

    private record PipelineRun(Rate rate, double seconds, double embedSeconds, double storeSeconds, double meanBatch) {}

    private PipelineRun pipeline(EmbeddedKafka kafka, BenchStore store, ImageEmbedder embedder, List<byte[]> images) {
        Map<String, String> values = new HashMap<>(store.settings());
        values.put(IngestConfig.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        values.put(IngestConfig.GROUP_ID.name(), GROUP);
        values.put(IngestConfig.BUNDLE.name(), model.bundle.toString());
        values.put(IngestConfig.BATCH_SIZE.name(), Integer.toString(ingestBatchSize));
        values.put(IngestConfig.BATCH_MAX_WAIT.name(), batchMaxWait);
        values.put(IngestConfig.HTTP_PORT.name(), "0");
        values.put(ImageLimits.MAX_BYTES_KEY.name(), Long.toString(model.maxImageBytes));
        PrometheusMeterRegistry registry = ServiceMetrics.create(IngestService.NAME);
        List<byte[]> warmup = BenchImages.productJpegs(WARMUP_BATCHES * ingestBatchSize, WARMUP_SEED);
        try (BenchCatalog catalog = new BenchCatalog(kafka.bootstrapServers(), GROUP)) {
            // Every event is on the topic before the service starts, so the clock measures the pipeline, not the
            // producer (which shares this JVM and its cores with the broker and the pipeline). The warm-up events
            // come first on every partition and are not timed, as the bound's warm-up is not.
            for (int i = 0; i < warmup.size(); i++) {
                catalog.send("warmup-" + i, warmup.get(i));
            }
            for (int i = 0; i < images.size(); i++) {
                catalog.send("product-" + i, images.get(i));
            }
            catalog.flush();
            try (IngestService service =
                    IngestService.start(IngestConfig.from(Settings.of(values)), embedder, store.store(), registry)) {
                return measure(catalog, store, registry, warmup.size(), warmup.size() + images.size());
            }
        }
    }

    /**
     * From the end of the warm-up events to the end of the last event. Progress is read from the service's own
     * event counters (in this JVM, so watching costs the broker nothing); the offsets of the last batch, committed
     * right after it is counted, are awaited after the clock stops.
     */
    private PipelineRun measure(
            BenchCatalog catalog, BenchStore store, PrometheusMeterRegistry registry, int warmup, int total) {
        catalog.awaitAssigned(partitions);
        long done = awaitProcessed(registry, warmup, total, null, 0);
        long firstTimed = done;
        double embedBefore = embedSeconds(registry);
        double storeBefore = storeSeconds(registry);
        long cpu = ProcessCpu.nanos();
        long start = System.nanoTime();
        try (ProgressBar bar = BenchProgress.bar("ingest", total - firstTimed, " events")) {
            done = awaitProcessed(registry, total, total, bar, firstTimed);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (ProcessCpu.nanos() - cpu) / 1e9;
        while (catalog.committed() < total) {
            sleep(PROGRESS_INTERVAL);
        }
        long held = store.store().count();
        if (held != total) {
            throw new IllegalStateException(
                    "the store holds " + held + " products after " + total + " events; see the log for dead letters");
        }
        var batches = registry.find(IngestMetrics.BATCH_SIZE).summary();
        long timed = done - firstTimed;
        return new PipelineRun(
                new Rate(timed / seconds, timed / cpuSeconds),
                seconds,
                embedSeconds(registry) - embedBefore,
                storeSeconds(registry) - storeBefore,
                batches == null ? 0 : batches.mean());
    }

    /** Waits until the live stream has processed {@code target} events (every outcome); how many it has then. */
    private static long awaitProcessed(
            PrometheusMeterRegistry registry, long target, long total, ProgressBar bar, long offset) {
        long done = processed(registry);
        while (done < target) {
            sleep(PROGRESS_INTERVAL);
            done = processed(registry);
            if (bar != null) {
                bar.stepTo(Math.min(total, done) - offset);
            }
        }
        return done;
    }

    private static long processed(PrometheusMeterRegistry registry) {
        return Math.round(registry.find(IngestMetrics.EVENTS).counters().stream()
                .mapToDouble(Counter::count)
                .sum());
    }

    private static double embedSeconds(PrometheusMeterRegistry registry) {
        Timer embed = registry.find(IngestMetrics.EMBED).timer();
        return embed == null ? 0 : embed.totalTime(TimeUnit.NANOSECONDS) / 1e9;
    }

    private static double storeSeconds(PrometheusMeterRegistry registry) {
        return registry.find(IngestMetrics.STORE).timers().stream()
                .mapToDouble(timer -> timer.totalTime(TimeUnit.NANOSECONDS) / 1e9)
                .sum();
    }

    private void report(PrintWriter out, ModelBundle bundle, Rate before, Rate after, PipelineRun pipeline)
            throws IOException {
        double bound = (before.perSecond() + after.perSecond()) / 2;
        double cpuBound = (before.perCpuSecond() + after.perCpuSecond()) / 2;
        double ratio = pipeline.rate().perSecond() / bound;
        double cpuRatio = pipeline.rate().perCpuSecond() / cpuBound;
        out.printf("%-34s %10s %10s%n", "", "wall", "CPU");
        out.printf(
                "%-34s %10s %10s%n",
                "end to end (events/s)",
                figure(pipeline.rate().perSecond()),
                figure(pipeline.rate().perCpuSecond()));
        out.printf("%-34s %10s %10s%n", "embed-only bound (images/s)", figure(bound), figure(cpuBound));
        out.printf("%-34s %9.2fx %9.2fx%n", "ratio (goal >= 0.9)", ratio, cpuRatio);
        out.printf(
                "bound %.1f images/s before and %.1f after the pipeline; CPU columns: per second of this process's"
                        + " CPU time%n",
                before.perSecond(), after.perSecond());
        out.printf(
                "pipeline: %.1f s, embedding busy %.0f %% of it, store calls %.0f %%; mean micro-batch %.1f records%n",
                pipeline.seconds(),
                100 * pipeline.embedSeconds() / pipeline.seconds(),
                100 * pipeline.storeSeconds() / pipeline.seconds(),
                pipeline.meanBatch());
        out.flush();
        if (jsonOut != null) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("bundle", bundle.name()).put("events", events).put("store", storeKind);
            json.put("ingestBatchSize", ingestBatchSize);
            json.put("eventsPerSecond", pipeline.rate().perSecond());
            json.put("embedOnlyImagesPerSecond", bound);
            json.put("ratio", ratio);
            json.put("eventsPerCpuSecond", pipeline.rate().perCpuSecond());
            json.put("embedOnlyImagesPerCpuSecond", cpuBound);
            json.put("cpuRatio", cpuRatio);
            json.put("embedOnlyBefore", before.perSecond()).put("embedOnlyAfter", after.perSecond());
            json.put("pipelineSeconds", pipeline.seconds()).put("embedSeconds", pipeline.embedSeconds());
            json.put("storeSeconds", pipeline.storeSeconds());
            Files.writeString(jsonOut, json.toPrettyString());
        }
    }

    /** A rate with three significant digits or so: 0.637, 18.2, 1520. */
    private static String figure(double value) {
        return String.format(value < 10 ? "%.3f" : value < 100 ? "%.1f" : "%.0f", value);
    }

    private static List<ImageInput> inputs(List<byte[]> images) {
        List<ImageInput> inputs = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            inputs.add(new ImageInput("product-" + i, images.get(i)));
        }
        return inputs;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
