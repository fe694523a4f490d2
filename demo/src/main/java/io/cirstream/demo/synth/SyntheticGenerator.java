package io.cirstream.demo.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.CirstreamException;
import io.cirstream.core.progress.ProgressListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * {@code cirstream synth}: a synthetic catalogue where the truth is known. Writes, under the output directory:
 *
 * <pre>
 * synth.json                      what was generated (seed, counts, vocabulary, layout)
 * products.jsonl                  every product's category, family, split and attributes
 * fashioniq/                      the FashionIQ layout: captions/, image_splits/, images/&lt;id&gt;.jpg
 * cirr/                           the CIRR layout: cirr/captions/, cirr/image_splits/, train/, dev/, test1/
 * catalog/products.events         a catalogue event file (CatalogEventFile) for the ingest service
 * </pre>
 *
 * The same configuration (threads aside) gives byte-identical files on the same JDK.
 */
public final class SyntheticGenerator {

    /** Bumped whenever the same seed would give different output. */
    public static final int GENERATOR_VERSION = 3;

    public static final String MANIFEST = "synth.json";
    public static final String TRUTH = "products.jsonl";
    public static final String CATALOG_EVENTS = "catalog/products.events";
    private static final float JPEG_QUALITY = 0.92f;

    private final SynthConfig config;
    private final ProgressListener progress;

    public SyntheticGenerator(SynthConfig config, ProgressListener progress) {
        this.config = config;
        this.progress = progress;
    }

    public SynthSummary generate() throws IOException {
        prepareOutput(config.out());
        List<List<SynthProduct>> families = CatalogueDesign.families(config.products(), config.seed());
        List<SynthProduct> products = families.stream().flatMap(List::stream).toList();
        List<SynthTriplet> triplets = TripletDesign.triplets(families, config.tripletsPerProduct(), config.seed());
        Path fashionIq = config.out().resolve("fashioniq");
        Path images = fashionIq.resolve("images");
        drawImages(products, images);
        progress.stage("layouts", 2);
        Map<String, Integer> fiq = FashionIqLayoutWriter.write(fashionIq, products, triplets);
        progress.advance(1);
        Map<Integer, List<SynthProduct>> byFamily = new LinkedHashMap<>();
        families.forEach(f -> byFamily.put(f.get(0).family(), f));
        Map<String, Integer> cirr =
                CirrLayoutWriter.write(config.out().resolve("cirr"), images, products, triplets, byFamily);
        progress.advance(1);
        CatalogueWriter.writeTruth(config.out().resolve(TRUTH), products);
        Path events = config.out().resolve(CATALOG_EVENTS);
        progress.stage("catalogue events", products.size());
        CatalogueWriter.writeEvents(events, images, products, progress);
        Map<String, Integer> perSplit = new TreeMap<>();
        products.forEach(p -> perSplit.merge(p.split(), 1, Integer::sum));
        SynthSummary summary =
                new SynthSummary(config.out(), products.size(), families.size(), perSplit, fiq, cirr, events);
        writeManifest(summary, triplets.size());
        return summary;
    }

    private void drawImages(List<SynthProduct> products, Path images) throws IOException {
        Files.createDirectories(images);
        progress.stage("drawing products", products.size());
        ProductPainter painter = new ProductPainter(config.imageSize());
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "cirstream-synth");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (SynthProduct product : products) {
                tasks.add(pool.submit(() -> {
                    writeJpeg(painter.paint(product), images.resolve(product.id() + ".jpg"));
                    progress.advance(1);
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted while drawing products", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CirstreamException("drawing a product failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One JPEG writer per drawing thread: looking one up per image costs more than the encoding. */
    private static final ThreadLocal<ImageWriter> JPEG_WRITERS = ThreadLocal.withInitial(() -> {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG writer in this JDK");
        }
        return writers.next();
    });

    static void writeJpeg(BufferedImage image, Path path) {
        ImageWriter writer = JPEG_WRITERS.get();
        try (OutputStream file = Files.newOutputStream(path);
                ImageOutputStream out = new MemoryCacheImageOutputStream(file)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        } finally {
            writer.reset();
        }
    }

    private void writeManifest(SynthSummary summary, int triplets) throws IOException {
        ObjectNode manifest = SynthJson.object();
        manifest.put("generator", "cirstream synth");
        manifest.put("generatorVersion", GENERATOR_VERSION);
        manifest.put("seed", config.seed());
        manifest.put("products", summary.products());
        manifest.put("families", summary.families());
        manifest.put("familySize", CatalogueDesign.FAMILY_SIZE);
        manifest.put("tripletsPerProduct", config.tripletsPerProduct());
        manifest.put("triplets", triplets);
        manifest.put("imageLongSide", config.imageSize());
        new TreeMap<>(summary.productsPerSplit()).forEach(manifest.putObject("productsPerSplit")::put);
        new TreeMap<>(summary.fashionIqTriplets()).forEach(manifest.putObject("fashionIqTriplets")::put);
        new TreeMap<>(summary.cirrTriplets()).forEach(manifest.putObject("cirrTriplets")::put);
        ObjectNode vocabulary = manifest.putObject("categories");
        for (Category category : Category.values()) {
            ObjectNode attributes = vocabulary.putObject(category.id());
            for (Attribute attribute : category.attributes()) {
                ArrayNode values = attributes.putArray(attribute.key());
                category.values(attribute).forEach(values::add);
            }
        }
        ObjectNode layout = manifest.putObject("layout");
        layout.put("fashioniq", "fashioniq");
        layout.put("cirr", "cirr");
        layout.put("catalogEvents", CATALOG_EVENTS);
        layout.put("truth", TRUTH);
        SynthJson.write(config.out().resolve(MANIFEST), manifest);
    }

    private static void prepareOutput(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException("output " + out + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("output directory " + out + " is not empty");
                }
            }
        }
        Files.createDirectories(out);
    }
}
