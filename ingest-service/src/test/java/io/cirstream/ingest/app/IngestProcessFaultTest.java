package io.cirstream.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.demo.kafka.EmbeddedKafkaConfig;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.ingest.embed.ImageDigest;
import io.cirstream.ingest.testkit.CatalogProducer;
import io.cirstream.ingest.testkit.IngestHarness;
import io.cirstream.ingest.testkit.TestImages;
import io.cirstream.ingest.testkit.Upsert;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductDeleted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest service as a process of its own ({@link IngestApp}, same classpath), killed with SIGKILL twice while it
 * works through a catalogue of more than 10,000 events (upserts, price changes, image changes, late events, delete
 * events and tombstones), then restarted: the store must end holding exactly the catalogue's final state - no
 * product missing, none stale, none that should be gone.
 */
@Integration
class IngestProcessFaultTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    }

    private static final int PRODUCTS = 3_000;
    private static final int EVENTS = 10_500;
    private static final int IMAGE_PATTERNS = 8;
    private static final double[] KILL_AT = {0.25, 0.6};
    private static final String GROUP = "ingest-fault";

    @TempDir
    Path temp;

    /**
     * One product's latest change in the catalogue.
     *
     * @param eventTime its event time (unique per product: the generator's clock)
     * @param pattern the image pattern, or -1 once the product is removed
     */
    private record Latest(long eventTime, int pattern, long price, String category, boolean inStock) {

        static Latest removed(long eventTime) {
            return new Latest(eventTime, -1, 0, "", false);
        }

        boolean live() {
            return pattern >= 0;
        }
    }

    @Test
    void killedMidBatchAndRestartedTheStoreEndsWithExactlyTheCataloguesFinalState() throws Exception {
        byte[][] images = new byte[IMAGE_PATTERNS][];
        for (int i = 0; i < IMAGE_PATTERNS; i++) {
            images[i] = TestImages.png(100 + i, 16);
        }
        Path storeDir = temp.resolve("store");
        try (EmbeddedKafka kafka =
                EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(temp.resolve("kafka")))) {
            IngestHarness harness = new IngestHarness(kafka);
            Map<String, Latest> expected = produceCatalogue(kafka, images);
            long total = harness.endOffsets().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertThat(total).isGreaterThanOrEqualTo(10_000);

            for (double fraction : KILL_AT) {
                Process child = startIngest(kafka, storeDir, "run-" + fraction);
                awaitCommittedAtLeast(harness, (long) (total * fraction), child);
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, whatever batch is in flight is cut
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(committedSum(harness)).as("killed before the end").isLessThan(total);
            }
            Process last = startIngest(kafka, storeDir, "final");
            harness.awaitCommitted(GROUP);
            last.destroy(); // SIGTERM: the shutdown hook closes the store
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(harness.deadLetters()).as("nothing was dead-lettered").isEmpty();
            harness.close();

            assertStoreHolds(storeDir, expected, images);
        }
    }

    private Map<String, Latest> produceCatalogue(EmbeddedKafka kafka, byte[][] images) {
        Random random = new Random(42);
        Map<String, Latest> latest = new HashMap<>();
        long clock = 1_000;
        try (CatalogProducer producer = new CatalogProducer(kafka.bootstrapServers())) {
            for (int event = 0; event < EVENTS; event++) {
                String id = "p" + (event < PRODUCTS ? event : random.nextInt(PRODUCTS));
                Latest held = latest.get(id);
                clock++;
                int kind = event < PRODUCTS ? 0 : random.nextInt(100);
                if (kind < 45 || (kind < 75 && !held.live())) {
                    // a new product, a comeback, or a full update: maybe a new image, always new scalars
                    int pattern =
                            held == null || !held.live() || kind < 15 ? random.nextInt(IMAGE_PATTERNS) : held.pattern();
                    latest.put(
                            id,
                            upsert(
                                    producer,
                                    id,
                                    images,
                                    clock,
                                    pattern,
                                    random.nextInt(100_000),
                                    "c" + random.nextInt(5),
                                    random.nextBoolean()));
                } else if (kind < 75) { // a price change only: the same image bytes, nothing to embed
                    latest.put(
                            id,
                            upsert(
                                    producer,
                                    id,
                                    images,
                                    clock,
                                    held.pattern(),
                                    random.nextInt(100_000),
                                    held.category(),
                                    held.inStock()));
                } else if (kind < 85) { // a late event, older than what the catalogue holds: must change nothing
                    long late = held.eventTime() - 1 - random.nextInt(50);
                    producer.sendAsync(
                            id,
                            Upsert.of(id, images[random.nextInt(IMAGE_PATTERNS)])
                                    .price(999_999)
                                    .at(late)
                                    .event());
                } else if (kind < 95) { // a delete event
                    producer.sendAsync(id, new CatalogEvent(new ProductDeleted(id, Instant.ofEpochMilli(clock))));
                    latest.put(id, Latest.removed(clock));
                } else { // a tombstone, versioned by its record timestamp
                    producer.raw(id.getBytes(StandardCharsets.UTF_8), null, clock);
                    latest.put(id, Latest.removed(clock));
                }
            }
            producer.flush();
        }
        return latest;
    }

    private static Latest upsert(
            CatalogProducer producer,
            String id,
            byte[][] images,
            long clock,
            int pattern,
            long price,
            String category,
            boolean inStock) {
        producer.sendAsync(
                id,
                Upsert.of(id, images[pattern])
                        .price(price)
                        .category(category)
                        .inStock(inStock)
                        .at(clock)
                        .event());
        return new Latest(clock, pattern, price, category, inStock);
    }

    private Process startIngest(EmbeddedKafka kafka, Path storeDir, String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-D" + IngestConfig.BOOTSTRAP_SERVERS.name() + "=" + kafka.bootstrapServers(),
                "-D" + IngestConfig.GROUP_ID.name() + "=" + GROUP,
                "-D" + IngestConfig.INSTANCE_ID.name() + "=ingest-0",
                "-D" + IngestConfig.BUNDLE.name() + "="
                        + Path.of(IngestHarness.TINY_BUNDLE).toAbsolutePath(),
                "-D" + VectorStoreConfig.KIND.name() + "=lucene",
                "-D" + VectorStoreConfig.LUCENE_DIRECTORY.name() + "=" + storeDir,
                "-D" + IngestConfig.BATCH_SIZE.name() + "=256",
                "-D" + IngestConfig.BATCH_MAX_WAIT.name() + "=100ms",
                "-D" + IngestConfig.HTTP_PORT.name() + "=0",
                "-Dcirstream.model.device=cpu",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                IngestApp.class.getName()));
        Path log = temp.resolve("ingest-" + name + ".log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void awaitCommittedAtLeast(IngestHarness harness, long records, Process child) {
        IngestHarness.awaitTrue("the ingest process to commit " + records + " records", () -> {
            if (!child.isAlive()) {
                throw new AssertionError("the ingest process exited with " + child.exitValue() + ": " + logs());
            }
            return committedSum(harness) >= records;
        });
    }

    private static long committedSum(IngestHarness harness) {
        return harness.committed(GROUP).values().stream()
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    private void assertStoreHolds(Path storeDir, Map<String, Latest> expected, byte[][] images) throws IOException {
        List<String> ids = new ArrayList<>(expected.keySet());
        try (LuceneVectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(storeDir));
                ImageEmbedder embedder = ImageEmbedder.open(
                        ModelBundle.open(Path.of(IngestHarness.TINY_BUNDLE)),
                        TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu")),
                        ImageLimits.DEFAULTS)) {
            String version = store.activeCollection().orElseThrow();
            Map<String, StoredProduct> held = store.getProducts(version, ids);
            long live = expected.values().stream().filter(Latest::live).count();
            assertThat(store.count()).isEqualTo(live);
            assertThat(held).hasSize((int) live);
            float[][] features = new float[IMAGE_PATTERNS][];
            for (int i = 0; i < IMAGE_PATTERNS; i++) {
                features[i] = embedder.embed(new ImageInput("pattern " + i, images[i]));
            }
            for (Map.Entry<String, Latest> entry : expected.entrySet()) {
                Latest latest = entry.getValue();
                StoredProduct product = held.get(entry.getKey());
                if (!latest.live()) {
                    assertThat(product).as("%s was removed", entry.getKey()).isNull();
                    continue;
                }
                assertThat(product).as("%s is held", entry.getKey()).isNotNull();
                assertThat(product.sourceEventTimeMillis())
                        .as("version of %s", entry.getKey())
                        .isEqualTo(latest.eventTime());
                assertThat(product.priceMinorUnits()).isEqualTo(latest.price());
                assertThat(product.category()).isEqualTo(latest.category());
                assertThat(product.inStock()).isEqualTo(latest.inStock());
                assertThat(product.imageSha256()).isEqualTo(ImageDigest.sha256(images[latest.pattern()]));
                float[] expectedFeature = features[latest.pattern()];
                float[] actual = product.feature();
                for (int d = 0; d < expectedFeature.length; d++) {
                    assertThat(actual[d]).isCloseTo(expectedFeature[d], within(1e-4f));
                }
            }
        }
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(temp)) {
            for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .toList()) {
                out.append("\n--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        } catch (IOException e) {
            out.append(e);
        }
        return out.toString();
    }
}
