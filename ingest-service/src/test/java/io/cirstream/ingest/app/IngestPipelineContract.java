package io.cirstream.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.store.ProductFilter;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.RenamedBundle;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.ingest.embed.ImageDigest;
import io.cirstream.ingest.ops.IngestMetrics;
import io.cirstream.ingest.rebuild.RebuildStatus;
import io.cirstream.ingest.testkit.CatalogProducer;
import io.cirstream.ingest.testkit.ImageHost;
import io.cirstream.ingest.testkit.IngestHarness;
import io.cirstream.ingest.testkit.TestImages;
import io.cirstream.ingest.testkit.Upsert;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest service end to end on the in-JVM broker, the tiny model bundle and a real store: every store's test
 * extends this and says how to open its store. Each test gets fresh catalogue topics, a fresh store and its own
 * consumer group.
 */
@Integration
public abstract class IngestPipelineContract {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    protected static EmbeddedKafka kafka;
    protected static ImageEmbedder embedder;

    @TempDir
    protected Path temp;

    protected IngestHarness harness;
    protected VectorStore store;
    protected CatalogProducer producer;
    protected String group;

    /** Opens the store under test, empty, keeping its data under {@code directory}. */
    protected abstract VectorStore openStore(Path directory);

    /** The settings that name the store (the service itself is handed the opened store). */
    protected abstract Map<String, String> storeSettings(Path directory);

    @BeforeAll
    static void startBrokerAndEmbedder() {
        kafka = EmbeddedKafka.start();
        embedder = openEmbedder(Path.of(IngestHarness.TINY_BUNDLE));
    }

    @AfterAll
    static void stopBrokerAndEmbedder() {
        if (embedder != null) {
            embedder.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void openEverything() {
        harness = new IngestHarness(kafka);
        store = openStore(temp.resolve("store"));
        producer = new CatalogProducer(kafka.bootstrapServers());
        group = "ingest-" + UUID.randomUUID();
    }

    @AfterEach
    void closeEverything() {
        if (producer != null) {
            producer.close();
        }
        if (harness != null) {
            harness.close();
        }
        if (store != null) {
            store.close();
        }
    }

    protected static ImageEmbedder openEmbedder(Path bundle) {
        return ImageEmbedder.open(
                ModelBundle.open(bundle),
                TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu")),
                ImageLimits.DEFAULTS);
    }

    protected IngestService startService(Map<String, String> overrides) {
        return startService(group, overrides, embedder);
    }

    protected IngestService startService(String groupId, Map<String, String> overrides, ImageEmbedder images) {
        Map<String, String> all = new HashMap<>(storeSettings(temp.resolve("store")));
        all.putAll(overrides);
        return harness.start(harness.settings(groupId, all), images, store);
    }

    @Test
    void upsertsUpdatesAndDeletesReachTheStoreAndUnchangedImagesAreNotEmbeddedAgain() {
        byte[] dress = TestImages.png(1, 16);
        byte[] shirt = TestImages.png(2, 16);
        byte[] coat = TestImages.png(3, 16);
        byte[] newShirt = TestImages.png(4, 16);
        IngestService service = startService(Map.of());
        producer.send(Upsert.of("a", dress).price(100).attributes(Map.of("colour", "red")));
        producer.send(Upsert.of("b", shirt).category("shirt"));
        producer.send(Upsert.of("c", coat).category("coat"));
        harness.awaitCommitted(group);

        assertThat(store.count()).isEqualTo(3);
        Map<String, StoredProduct> first = held("a", "b", "c");
        assertThat(first.get("a").priceMinorUnits()).isEqualTo(100);
        assertThat(first.get("a").attributes()).containsEntry("colour", "red");
        assertThat(first.get("a").imageSha256()).isEqualTo(ImageDigest.sha256(dress));
        assertThat(first.get("b").category()).isEqualTo("shirt");
        assertFeatureOf(first.get("a"), dress);
        assertFeatureOf(first.get("c"), coat);
        assertThat(embeddedImages(service)).isEqualTo(3);

        producer.send(Upsert.of("a", dress).price(250).inStock(false).at(2_000));
        producer.send(Upsert.of("b", newShirt).category("shirt").at(2_000));
        producer.delete("c", 2_000);
        producer.send(Upsert.of("d", TestImages.png(5, 16)));
        producer.tombstone("d", 3_000);
        harness.awaitCommitted(group);

        Map<String, StoredProduct> second = held("a", "b", "c", "d");
        assertThat(second).containsOnlyKeys("a", "b");
        assertThat(second.get("a").priceMinorUnits()).isEqualTo(250);
        assertThat(second.get("a").inStock()).isFalse();
        assertThat(second.get("a").feature()).containsExactly(first.get("a").feature());
        assertThat(second.get("b").imageSha256()).isEqualTo(ImageDigest.sha256(newShirt));
        assertFeatureOf(second.get("b"), newShirt);
        assertThat(store.count()).isEqualTo(2);
        assertThat(embeddedImages(service))
                .as("the price change of a was not embedded again")
                .isEqualTo(5);
        assertThat(events(service, "scalars_only")).isEqualTo(1);
        assertThat(events(service, "deleted")).isEqualTo(2);
        assertThat(store.search(first.get("a").feature(), 1, ProductFilter.none())
                        .get(0)
                        .productId())
                .isEqualTo("a");
    }

    @Test
    void replayingTheWholeTopicOrAnyRangeOfItLeavesTheStoreIdentical() {
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> "p" + i).toList();
        for (int i = 0; i < ids.size(); i++) {
            producer.send(Upsert.of(ids.get(i), TestImages.png(i % 4, 16)).price(i));
        }
        for (int i = 0; i < ids.size(); i += 3) {
            producer.send(Upsert.of(ids.get(i), TestImages.png(10 + i, 16))
                    .price(1_000 + i)
                    .at(2_000));
        }
        producer.delete("p1", 2_500);
        producer.tombstone("p2", 2_600);
        producer.send(Upsert.of("p1", TestImages.png(99, 16)).at(2_700));
        IngestService first = startService(Map.of());
        harness.awaitCommitted(group);
        Map<String, StoredProduct> before = held(ids.toArray(String[]::new));
        long count = store.count();
        harness.stop(first);

        String replayAll = group + "-replay-all";
        IngestService whole = startService(replayAll, Map.of(), embedder);
        harness.awaitCommitted(replayAll);
        assertThat(held(ids.toArray(String[]::new))).isEqualTo(before);
        assertThat(store.count()).isEqualTo(count);
        assertThat(embeddedImages(whole))
                .as("a replay embeds only the image of a product deleted since (the store keeps no image for it)")
                .isLessThanOrEqualTo(1);
        harness.stop(whole);

        String replayRange = group + "-replay-range";
        Map<TopicPartition, Long> middle = harness.endOffsets().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / 2));
        harness.commit(replayRange, middle);
        startService(replayRange, Map.of(), embedder);
        harness.awaitCommitted(replayRange);
        assertThat(held(ids.toArray(String[]::new))).isEqualTo(before);
        assertThat(store.count()).isEqualTo(count);
        assertThat(before).containsKey("p1").doesNotContainKey("p2").hasSize(11);
    }

    @Test
    void anEventOlderThanWhatTheStoreHoldsIsIgnored() {
        byte[] image = TestImages.png(7, 16);
        producer.send(Upsert.of("newer-first", image).price(200).at(2_000));
        producer.send(Upsert.of("newer-first", TestImages.png(8, 16)).price(100).at(1_000));
        producer.delete("deleted-first", 3_000);
        producer.send(Upsert.of("deleted-first", image).at(2_500));
        producer.send(Upsert.of("late-delete", image).at(1_000));
        producer.delete("late-delete", 500);
        IngestService service = startService(Map.of());
        harness.awaitCommitted(group);

        Map<String, StoredProduct> held = held("newer-first", "deleted-first", "late-delete");
        assertThat(held).containsOnlyKeys("newer-first", "late-delete");
        assertThat(held.get("newer-first").priceMinorUnits()).isEqualTo(200);
        assertThat(held.get("newer-first").imageSha256()).isEqualTo(ImageDigest.sha256(image));
        assertThat(held.get("newer-first").sourceEventTimeMillis()).isEqualTo(2_000);
        assertThat(service.health().get("store").healthy()).isTrue();

        producer.send(Upsert.of("newer-first", TestImages.png(8, 16)).price(150).at(1_500));
        harness.awaitCommitted(group);
        assertThat(held("newer-first").get("newer-first").priceMinorUnits()).isEqualTo(200);
    }

    @Test
    void aNewEncoderVersionIsRebuiltFromTheCatalogueWhileTheActiveCollectionKeepsServing() throws Exception {
        for (int i = 0; i < 10; i++) {
            producer.send(Upsert.of("p" + i, TestImages.png(i, 16)).price(i));
        }
        producer.delete("p9", 2_000);
        IngestService v1 = startService(Map.of());
        harness.awaitCommitted(group);
        harness.stop(v1);
        String oldVersion = embedder.version();
        float[] query = held("p3").get("p3").feature();

        Path bundleV2 = RenamedBundle.copyWithImageEncoderVersion(
                Path.of(IngestHarness.TINY_BUNDLE), temp.resolve("bundle-v2"), "tiny-rn-v2");
        try (ImageEmbedder v2Embedder = openEmbedder(bundleV2)) {
            // First without the rebuild: the live stream writes to the new collection and keeps the active one
            // current where it can (scalar changes of unchanged images, deletions).
            IngestService mirrorOnly = startService(group, Map.of("cirstream.ingest.rebuild", "false"), v2Embedder);
            producer.send(Upsert.of("p1", TestImages.png(1, 16)).price(111).at(3_000));
            producer.delete("p2", 3_000);
            producer.send(Upsert.of("p10", TestImages.png(10, 16)).at(3_000));
            harness.awaitCommitted(group);
            harness.stop(mirrorOnly);

            assertThat(store.activeCollection()).contains(oldVersion);
            assertThat(store.collections()).containsExactlyInAnyOrder(oldVersion, "tiny-rn-v2");
            assertThat(store.getProducts(oldVersion, List.of("p1")).get("p1").priceMinorUnits())
                    .isEqualTo(111);
            assertThat(store.getProducts(oldVersion, List.of("p2"))).isEmpty();
            assertThat(store.getProducts("tiny-rn-v2", List.of("p1", "p2", "p10", "p3")))
                    .containsOnlyKeys("p1", "p10");

            // Now the rebuild: the whole topic into the new collection, then the switch.
            IngestService rebuilding = startService(group, Map.of(), v2Embedder);
            assertThat(store.search(query, 1, ProductFilter.none()).get(0).productId())
                    .isEqualTo("p3");
            producer.send(Upsert.of("p4", TestImages.png(4, 16)).price(444).at(4_000));
            IngestHarness.awaitTrue(
                    "the rebuild to finish", () -> rebuilding.rebuildStatus().phase() == RebuildStatus.Phase.DONE);
            harness.awaitCommitted(group);

            assertThat(store.activeCollection()).contains("tiny-rn-v2");
            List<String> ids = IntStream.range(0, 11).mapToObj(i -> "p" + i).toList();
            Map<String, StoredProduct> rebuilt = store.getProducts("tiny-rn-v2", ids);
            assertThat(rebuilt)
                    .containsOnlyKeys(ids.stream()
                            .filter(id -> !id.equals("p2") && !id.equals("p9"))
                            .toList());
            assertThat(rebuilt.get("p1").priceMinorUnits()).isEqualTo(111);
            assertThat(rebuilt.get("p4").priceMinorUnits()).isEqualTo(444);
            assertThat(rebuilt.get("p5").encoderVersion()).isEqualTo("tiny-rn-v2");
            assertFeatureOf(rebuilt.get("p5"), TestImages.png(5, 16));
            assertThat(store.count()).isEqualTo(9);
            assertThat(store.search(query, 1, ProductFilter.none()).get(0).productId())
                    .isEqualTo("p3");
            assertThat(rebuilding.health().get("rebuild").healthy()).isTrue();
        }
    }

    @Test
    void aDropLeftPendingByAStoppedRunIsDoneAfterTheRestartAndTheActiveCollectionIsKept() {
        producer.send(Upsert.of("p0", TestImages.png(0, 16)));
        IngestService first = startService(Map.of());
        harness.awaitCommitted(group);
        harness.stop(first);
        String active = embedder.version();
        store.createCollection("retired-encoder", embedder.featureDim());
        // what a run stopped within the grace period of two switches leaves behind
        PendingDrops left = new PendingDrops(harness.dataDirectory());
        left.add("retired-encoder", Instant.now().minusSeconds(1));
        left.add(active, Instant.now().minusSeconds(1));

        startService(Map.of());
        IngestHarness.awaitTrue(
                "the drops left pending to be done",
                () -> !store.collections().contains("retired-encoder")
                        && new PendingDrops(harness.dataDirectory()).all().isEmpty());

        assertThat(store.collections()).containsExactly(active);
        assertThat(store.activeCollection()).contains(active);
        assertThat(store.getProducts(active, List.of("p0"))).containsOnlyKeys("p0");
    }

    @Test
    void poisonRecordsOfEveryKindAreDeadLetteredWithTheirReasonAndTheStreamGoesOn() throws Exception {
        Path allowed = Files.createDirectories(temp.resolve("images"));
        Path outside = Files.createDirectories(temp.resolve("private"));
        byte[] good = TestImages.png(21, 16);
        Files.write(allowed.resolve("good.png"), TestImages.png(22, 16));
        Files.write(outside.resolve("secret.png"), TestImages.png(23, 16));
        Files.createSymbolicLink(allowed.resolve("escape.png"), outside.resolve("secret.png"));
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachablePrefix = "http://127.0.0.1:" + closedPort + "/images/";
        try (ImageHost host = new ImageHost()) {
            String hosted = host.put("hosted.png", TestImages.png(24, 16));
            startService(Map.of(
                    "cirstream.image.max-bytes",
                    "20000",
                    IngestConfig.FETCH_ALLOWED_PREFIXES.name(),
                    host.prefix() + "," + host.base() + "redirect/," + unreachablePrefix,
                    IngestConfig.FETCH_ALLOWED_DIRECTORIES.name(),
                    allowed.toString(),
                    IngestConfig.FETCH_TIMEOUT.name(),
                    "2s"));
            Map<String, byte[]> values = new HashMap<>();
            byte[] notAvro = "not avro at all".getBytes(StandardCharsets.UTF_8);
            byte[] truncated = Arrays.copyOf(encoded(Upsert.of("trunc", good)), 30);
            // offsets are per partition: each poison record is keyed after its kind, and its letter found by key
            Map<String, String> reasons = new TreeMap<>();
            send(reasons, values, "not-avro", notAvro, "NOT_SINGLE_OBJECT_ENCODED");
            send(reasons, values, "truncated", truncated, "CORRUPT_PAYLOAD");
            send(reasons, values, "key-mismatch", encoded(Upsert.of("other", good)), "the key must be the product id");
            send(
                    reasons,
                    values,
                    "negative-price",
                    encoded(Upsert.of("negative-price", good).price(-1)),
                    "negative");
            send(
                    reasons,
                    values,
                    "bad-currency",
                    encoded(Upsert.of("bad-currency", good).currency("eur")),
                    "ISO 4217");
            send(
                    reasons,
                    values,
                    "no-category",
                    encoded(Upsert.of("no-category", good).category(" ")),
                    "empty category");
            send(reasons, values, "corrupt-image", encoded(Upsert.of("corrupt-image", notAvro)), "corrupt-image");
            send(
                    reasons,
                    values,
                    "oversized",
                    encoded(Upsert.of("oversized", TestImages.noisePng(1, 128))),
                    "over the limit of 20000");
            send(
                    reasons,
                    values,
                    "wrong-sha",
                    encoded(Upsert.of("wrong-sha", good).declaredSha("ab".repeat(32))),
                    "hash to " + ImageDigest.sha256(good));
            send(
                    reasons,
                    values,
                    "not-allowed",
                    encoded(Upsert.byUri("not-allowed", "https://evil.example/images/x.png")),
                    "NOT_ALLOWED");
            send(
                    reasons,
                    values,
                    "unreachable",
                    encoded(Upsert.byUri("unreachable", unreachablePrefix + "x.png")),
                    "UNREACHABLE");
            send(
                    reasons,
                    values,
                    "missing-file",
                    encoded(Upsert.byUri(
                            "missing-file", allowed.resolve("none.png").toUri().toString())),
                    "UNREACHABLE");
            send(
                    reasons,
                    values,
                    "outside-dir",
                    encoded(Upsert.byUri(
                            "outside-dir", outside.resolve("secret.png").toUri().toString())),
                    "NOT_ALLOWED");
            send(
                    reasons,
                    values,
                    "symlink-escape",
                    encoded(Upsert.byUri(
                            "symlink-escape",
                            allowed.resolve("escape.png").toUri().toString())),
                    "outside the allowed directories");
            send(
                    reasons,
                    values,
                    "traversal",
                    encoded(Upsert.byUri("traversal", host.prefix() + "../secret.png")),
                    "NOT_ALLOWED");
            send(
                    reasons,
                    values,
                    "redirect",
                    encoded(Upsert.byUri("redirect", host.base() + "redirect/x.png")),
                    "not followed");
            send(
                    reasons,
                    values,
                    "http-404",
                    encoded(Upsert.byUri("http-404", host.prefix() + "none.png")),
                    "HTTP 404");
            producer.send(Upsert.of("good-inline", good));
            producer.send(Upsert.byUri(
                    "good-file", allowed.resolve("good.png").toUri().toString()));
            producer.send(Upsert.byUri("good-http", hosted).declaredSha(ImageDigest.sha256(TestImages.png(24, 16))));
            harness.awaitCommitted(group);

            assertThat(held("good-inline", "good-file", "good-http"))
                    .containsOnlyKeys("good-inline", "good-file", "good-http");
            assertThat(store.count()).isEqualTo(3);
            List<DeadLetter> letters = harness.deadLetters();
            assertThat(letters).hasSize(reasons.size());
            Map<String, DeadLetter> byKey = new TreeMap<>();
            for (DeadLetter letter : letters) {
                byKey.put(
                        StandardCharsets.UTF_8
                                .decode(letter.getOriginalKey().duplicate())
                                .toString(),
                        letter);
            }
            assertThat(byKey.keySet()).isEqualTo(reasons.keySet());
            for (Map.Entry<String, String> reason : reasons.entrySet()) {
                DeadLetter letter = byKey.get(reason.getKey());
                assertThat(letter.getErrorClass() + ": " + letter.getErrorMessage())
                        .as("dead letter of %s", reason.getKey())
                        .contains(reason.getValue());
                assertThat(bytes(letter.getOriginalValue())).isEqualTo(values.get(reason.getKey()));
                assertThat(letter.getTopic()).isEqualTo(Topics.CATALOG_PRODUCTS.name());
            }
            assertThat(byKey.get("corrupt-image").getErrorClass()).endsWith("InvalidImageException");
            assertThat(byKey.get("not-allowed").getErrorClass()).endsWith("ImageFetchException");
        }
    }

    /** Sends a poison record keyed {@code key}, expecting its dead letter to carry {@code reason}. */
    private void send(
            Map<String, String> reasons, Map<String, byte[]> values, String key, byte[] value, String reason) {
        producer.raw(key.getBytes(StandardCharsets.UTF_8), value, null);
        reasons.put(key, reason);
        values.put(key, value);
    }

    private static byte[] encoded(Upsert upsert) {
        return Topics.CATALOG_PRODUCTS
                .valueSerde()
                .serializer()
                .serialize(Topics.CATALOG_PRODUCTS.name(), upsert.event());
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** The live products the active collection holds for these ids. */
    protected Map<String, StoredProduct> held(String... ids) {
        return new TreeMap<>(store.getProducts(store.activeCollection().orElseThrow(), List.of(ids)));
    }

    protected static void assertFeatureOf(StoredProduct product, byte[] image) {
        float[] expected = embedder.embed(new ImageInput("expected", image));
        float[] actual = product.feature();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i])
                    .as("feature[%d] of %s", i, product.productId())
                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4f));
        }
    }

    protected static double embeddedImages(IngestService service) {
        Counter counter =
                service.metrics().registry().find(IngestMetrics.EMBEDDED_IMAGES).counter();
        return counter == null ? 0 : counter.count();
    }

    protected static double events(IngestService service, String outcome) {
        return Search.in(service.metrics().registry())
                .name(IngestMetrics.EVENTS)
                .tag("source", "live")
                .tag("outcome", outcome)
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
