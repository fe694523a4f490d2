package io.cirstream.standalone.cli;

import io.cirstream.demo.catalog.CatalogEventPublisher;
import io.cirstream.demo.synth.SynthConfig;
import io.cirstream.demo.synth.SynthSummary;
import io.cirstream.demo.synth.SyntheticGenerator;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cirstream synth}: the synthetic catalogue and benchmark (see {@link SyntheticGenerator}). */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = {
            "Generates a synthetic catalogue where the truth is known: procedurally drawn products (dresses, shirts,"
                    + " trousers, shoes, bags with colour, pattern, sleeves/length/style, size and logo), relative"
                    + " captions from attribute differences, in the FashionIQ layout (fashioniq/) and the CIRR layout"
                    + " (cirr/, 6-member image sets), plus a catalogue event file (catalog/products.events).",
            "The same --seed gives byte-identical output."
        })
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output directory (absent or empty).")
    Path out;

    @Option(
            names = "--products",
            defaultValue = "2000",
            description = "Products, " + SynthConfig.MIN_PRODUCTS + " to " + SynthConfig.MAX_PRODUCTS
                    + " (default: ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--triplets-per-product",
            defaultValue = "" + SynthConfig.DEFAULT_TRIPLETS_PER_PRODUCT,
            description = "Triplets with each product as the reference, 1 to " + SynthConfig.MAX_TRIPLETS_PER_PRODUCT
                    + " (default: ${DEFAULT-VALUE}).")
    int tripletsPerProduct;

    @Option(
            names = "--image-size",
            defaultValue = "" + SynthConfig.DEFAULT_IMAGE_SIZE,
            description = "Long side of the product photos in pixels (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--threads", defaultValue = "0", description = "Drawing threads; 0 = all cores.")
    int threads;

    @Option(
            names = "--publish",
            paramLabel = "BOOTSTRAP",
            description = "Also publish the catalogue events to the catalogue topic of this Kafka cluster"
                    + " (host:port,...).")
    String bootstrap;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int drawingThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        SynthConfig config = new SynthConfig(out, products, seed, tripletsPerProduct, imageSize, drawingThreads);
        SynthSummary summary;
        try (StageProgress progress = new StageProgress()) {
            summary = new SyntheticGenerator(config, progress).generate();
        }
        PrintWriter writer = spec.commandLine().getOut();
        writer.printf(
                "%d products in %d families (%s) written to %s%n",
                summary.products(), summary.families(), summary.productsPerSplit(), summary.out());
        writer.printf(
                "FashionIQ layout: %s triplets; CIRR layout: %s triplets%n",
                summary.fashionIqTriplets(), summary.cirrTriplets());
        writer.printf("catalogue events: %s%n", summary.catalogEvents());
        if (bootstrap != null) {
            publish(summary.catalogEvents(), writer);
        }
        writer.flush();
        return 0;
    }

    private void publish(Path events, PrintWriter writer) throws IOException {
        try (Producer<String, byte[]> producer = CatalogEventPublisher.producer(bootstrap);
                StageProgress progress = new StageProgress()) {
            progress.stage("publishing to " + Topics.CATALOG_PRODUCTS.name(), products);
            long[] last = {0};
            long sent = new CatalogEventPublisher(producer, Topics.CATALOG_PRODUCTS).publish(events, count -> {
                progress.advance(count - last[0]);
                last[0] = count;
            });
            writer.printf("published %d events to %s at %s%n", sent, Topics.CATALOG_PRODUCTS.name(), bootstrap);
        }
    }
}
