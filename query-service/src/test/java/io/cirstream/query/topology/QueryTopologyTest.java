package io.cirstream.query.topology;

import static io.cirstream.query.testkit.Queries.byImage;
import static io.cirstream.query.testkit.Queries.byProduct;
import static io.cirstream.query.testkit.Queries.code;
import static io.cirstream.query.testkit.Queries.error;
import static io.cirstream.query.testkit.Queries.hits;
import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Repository;
import io.cirstream.query.model.CombinerVersions;
import io.cirstream.query.testkit.ModelParts;
import io.cirstream.query.testkit.TestCatalogue;
import io.cirstream.query.testkit.TestEngine;
import io.cirstream.schemas.avro.AttributeEquals;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.avro.Hit;
import io.cirstream.schemas.avro.PriceRange;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryFilters;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.topic.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology driven by {@link TopologyTestDriver} with the real engine (tiny bundle, Lucene store): every kind of
 * query and every kind of error, poison records, duplicates.
 */
class QueryTopologyTest {

    private static final int PRODUCTS = 40;

    @TempDir
    static Path storeDirectory;

    private static ModelParts parts;
    private static VectorStore store;
    private static CombinerVersions combiners;
    private static TestEngine engine;
    private static Map<String, StoredProduct> catalogue;

    @TempDir
    Path stateDirectory;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> queries;
    private TestOutputTopic<String, QueryResult> results;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;

    @BeforeAll
    static void openModelAndStore() {
        parts = new ModelParts();
        store = LuceneVectorStore.open(LuceneStoreConfig.defaults(storeDirectory));
        TestCatalogue.fill(store, PRODUCTS, parts.bundle.featureDim(), parts.bundle.encoderVersion());
        catalogue = store.getProducts(
                parts.bundle.encoderVersion(),
                java.util.stream.IntStream.range(0, PRODUCTS)
                        .mapToObj(TestCatalogue::id)
                        .toList());
        combiners = parts.combinerVersions();
        engine = new TestEngine(parts, store, combiners);
    }

    @AfterAll
    static void close() {
        engine.close();
        combiners.close();
        store.close();
        parts.close();
    }

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        driver = new TopologyTestDriver(
                QueryTopology.build(engine.engine::answer, Clock.systemUTC(), Duration.ofHours(1)), props);
        queries = driver.createInputTopic(Topics.QUERIES.name(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createOutputTopic(
                Topics.RESULTS.name(),
                Topics.RESULTS.keySerde().deserializer(),
                Topics.RESULTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.QUERIES_DLQ.name(),
                Topics.QUERIES_DLQ.keySerde().deserializer(),
                Topics.QUERIES_DLQ.valueSerde().deserializer());
    }

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    private QueryResult ask(ComposedQuery query) {
        queries.pipeInput(
                query.getQueryId(), Topics.QUERIES.valueSerde().serializer().serialize(Topics.QUERIES.name(), query));
        List<org.apache.kafka.streams.KeyValue<String, QueryResult>> out = results.readKeyValuesToList();
        assertThat(out).as("one result for " + query.getQueryId()).hasSize(1);
        assertThat(out.getFirst().key).isEqualTo(query.getQueryId());
        return out.getFirst().value;
    }

    private static List<String> ids(QueryResult result) {
        return hits(result).getHits().stream().map(Hit::getProductId).toList();
    }

    @Test
    void aProductQueryGetsKHitsBestFirstWithLineageAndWithoutTheReference() {
        QueryResult result =
                ask(byProduct("q1", "p3", "is red and has long sleeves", 5).build());

        assertThat(ids(result)).hasSize(5).doesNotContain("p3").doesNotHaveDuplicates();
        List<Hit> hits = hits(result).getHits();
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).getScore())
                    .isLessThanOrEqualTo(hits.get(i - 1).getScore());
        }
        assertThat(hits(result).getModelVersion()).isEqualTo(parts.bundleVersion());
        assertThat(hits).allSatisfy(hit -> {
            assertThat(hit.getLineage().getEncoderVersion()).isEqualTo(parts.bundle.encoderVersion());
            assertThat(hit.getLineage().getCombinerVersion()).isEqualTo(parts.bundleVersion());
            assertThat(hit.getLineage().getCollection()).isEqualTo(parts.bundle.encoderVersion());
        });
        assertThat(result.getTimings().getTotalMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theReferenceIsAmongTheHitsOnlyWhenAskedFor() {
        QueryResult without = ask(byProduct("q-ex", "p7", "in blue", PRODUCTS).build());
        QueryResult with = ask(byProduct("q-in", "p7", "in blue", PRODUCTS)
                .setIncludeReference(true)
                .build());

        assertThat(ids(without)).hasSize(PRODUCTS - 1).doesNotContain("p7");
        assertThat(ids(with)).hasSize(PRODUCTS).contains("p7");
    }

    @Test
    void theReferenceFeatureIsTheStoredOneNotReEmbedded() {
        // The same stored feature and caption composed directly give the same best hit as the stream's answer.
        QueryResult result = ask(byProduct("q-raw", "p11", "has a logo", 1)
                .setIncludeReference(true)
                .build());
        float[] text = parts.texts.embed("has a logo");
        float[] query = combiners
                .current()
                .orElseThrow()
                .combiner()
                .combine(text, catalogue.get("p11").feature());
        assertThat(ids(result))
                .containsExactly(store.search(query, 1, io.cirstream.core.store.ProductFilter.none())
                        .getFirst()
                        .productId());
    }

    @Test
    void anUploadedImageIsEmbeddedAndSearched() throws Exception {
        byte[] image = Files.readAllBytes(Repository.file("fixtures/images/photo_180x200_q90_444.jpg"));
        QueryResult result = ask(byImage("q-img", image, "is darker", 4).build());
        assertThat(ids(result)).hasSize(4);
    }

    @Test
    void typedFiltersHoldForEveryHitAndOtherCurrenciesAreLeftOut() {
        QueryFilters filters = QueryFilters.newBuilder()
                .setCategories(List.of("dress", "shirt"))
                .setPrice(new PriceRange("EUR", 500L, 4_000L))
                .setInStock(true)
                .setAttributes(List.of(new AttributeEquals("colour", "red")))
                .build();
        QueryResult result =
                ask(byProduct("q-f", "p1", "in red", 50).setFilters(filters).build());

        List<String> expected = catalogue.values().stream()
                .filter(p -> List.of("dress", "shirt").contains(p.category()))
                .filter(p -> p.priceMinorUnits() >= 500 && p.priceMinorUnits() <= 4_000)
                .filter(p -> p.currency().equals("EUR") && p.inStock())
                .filter(p -> p.attributes().get("colour").equals("red"))
                .map(StoredProduct::productId)
                .filter(id -> !id.equals("p1"))
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(ids(result)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFilterValueThatLooksLikeAnExpressionIsOnlyAValue() {
        QueryFilters filters = QueryFilters.newBuilder()
                .setAttributes(List.of(new AttributeEquals("colour", "red\" or colour != \"x")))
                .build();
        QueryResult result =
                ask(byProduct("q-inj", "p1", "in red", 10).setFilters(filters).build());
        assertThat(ids(result)).isEmpty();
    }

    @Test
    void aNegativeCaptionPushesTheQueryAwayFromItsText() {
        QueryResult plain =
                ask(byProduct("q-plain", "p2", "is red", PRODUCTS - 1).build());
        QueryResult negative = ask(byProduct("q-neg", "p2", "is red", PRODUCTS - 1)
                .setNegativeCaption("has stripes")
                .build());

        assertThat(ids(negative)).containsExactlyInAnyOrderElementsOf(ids(plain));
        Map<String, Float> before = scores(plain);
        Map<String, Float> after = scores(negative);
        assertThat(after).isNotEqualTo(before);
    }

    private static Map<String, Float> scores(QueryResult result) {
        return hits(result).getHits().stream().collect(Collectors.toMap(Hit::getProductId, Hit::getScore));
    }

    @Test
    void aPinnedVersionAnswersAndAnUnknownOneIsAnError() {
        QueryResult pinned = ask(byProduct("q-pin", "p1", "in red", 3)
                .setModelVersion(parts.bundleVersion())
                .build());
        QueryResult unknown = ask(
                byProduct("q-unk", "p1", "in red", 3).setModelVersion("v-none").build());

        assertThat(hits(pinned).getModelVersion()).isEqualTo(parts.bundleVersion());
        assertThat(code(unknown)).isEqualTo(QueryErrorCode.MODEL_UNAVAILABLE);
        assertThat(error(unknown).getMessage()).contains("v-none");
    }

    @Test
    void everyKindOfBadQueryGetsAnErrorResultThatSaysWhy() throws Exception {
        Map<ComposedQuery, QueryErrorCode> cases = new java.util.LinkedHashMap<>();
        cases.put(byProduct("e-unknown", "p-none", "in red", 3).build(), QueryErrorCode.REFERENCE_NOT_FOUND);
        cases.put(byProduct("e-empty", "p1", "  ", 3).build(), QueryErrorCode.INVALID_QUERY);
        cases.put(byProduct("e-long", "p1", "x".repeat(201), 3).build(), QueryErrorCode.INVALID_QUERY);
        cases.put(byProduct("e-neg", "p1", "in red", 3).setNegativeCaption("").build(), QueryErrorCode.INVALID_QUERY);
        cases.put(byProduct("e-k0", "p1", "in red", 0).build(), QueryErrorCode.INVALID_QUERY);
        cases.put(byProduct("e-kmax", "p1", "in red", 51).build(), QueryErrorCode.INVALID_QUERY);
        cases.put(
                byProduct("e-price", "p1", "in red", 3)
                        .setFilters(QueryFilters.newBuilder()
                                .setPrice(new PriceRange("EUR", 500L, 100L))
                                .build())
                        .build(),
                QueryErrorCode.INVALID_QUERY);
        cases.put(
                byProduct("e-currency", "p1", "in red", 3)
                        .setFilters(QueryFilters.newBuilder()
                                .setPrice(new PriceRange("euro", null, 100L))
                                .build())
                        .build(),
                QueryErrorCode.INVALID_QUERY);
        cases.put(
                byProduct("e-category", "p1", "in red", 3)
                        .setFilters(QueryFilters.newBuilder()
                                .setCategories(List.of(""))
                                .build())
                        .build(),
                QueryErrorCode.INVALID_QUERY);
        cases.put(byImage("e-image", "not an image".getBytes(), "in red", 3).build(), QueryErrorCode.IMAGE_UNREADABLE);
        cases.put(byImage("e-pixels", png(400, 400), "in red", 3).build(), QueryErrorCode.IMAGE_UNREADABLE);
        cases.put(byImage("e-bytes", new byte[0], "in red", 3).build(), QueryErrorCode.INVALID_QUERY);
        cases.put(byProduct("e-version", "p1", "in red", 3).setModelVersion(" ").build(), QueryErrorCode.INVALID_QUERY);

        cases.forEach((query, expected) -> {
            QueryResult result = ask(query);
            assertThat(code(result)).as(query.getQueryId()).isEqualTo(expected);
            assertThat(error(result).getMessage()).as(query.getQueryId()).isNotBlank();
        });
        assertThat(error(ask(byProduct("e-pix", "p1", "in red", 3)
                                .setReference(java.nio.ByteBuffer.wrap(png(400, 400)))
                                .build()))
                        .getMessage())
                .contains("pixels");
    }

    private static byte[] png(int width, int height) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void aQueryWhoseIdIsNotItsKeyIsRefused() {
        ComposedQuery query = byProduct("q-real", "p1", "in red", 3).build();
        queries.pipeInput("q-other", Topics.QUERIES.valueSerde().serializer().serialize(Topics.QUERIES.name(), query));
        QueryResult result = results.readValue();
        assertThat(result.getQueryId()).isEqualTo("q-other");
        assertThat(code(result)).isEqualTo(QueryErrorCode.INVALID_QUERY);
    }

    @Test
    void aPoisonRecordGetsAnErrorResultAndADeadLetterAndTheNextQueryIsAnswered() {
        queries.pipeInput("q-poison", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
        queries.pipeInput("q-null", (byte[]) null);
        queries.pipeInput((String) null, new byte[] {1, 2, 3});

        List<QueryResult> errors = results.readValuesToList();
        assertThat(errors).extracting(QueryResult::getQueryId).containsExactly("q-poison", "q-null");
        assertThat(errors).allSatisfy(result -> assertThat(code(result)).isEqualTo(QueryErrorCode.INVALID_QUERY));
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(3);
        assertThat(letters.getFirst().getTopic()).isEqualTo(Topics.QUERIES.name());
        assertThat(letters.getFirst().getErrorMessage()).isNotBlank();

        assertThat(ids(ask(byProduct("q-after", "p1", "in red", 2).build()))).hasSize(2);
    }

    @Test
    void aQueryReadTwiceIsAnsweredOnceUntilItsIdIsForgotten() {
        ComposedQuery query = byProduct("q-twice", "p4", "in green", 3).build();
        byte[] bytes = Topics.QUERIES.valueSerde().serializer().serialize(Topics.QUERIES.name(), query);
        queries.pipeInput("q-twice", bytes);
        queries.pipeInput("q-twice", bytes);
        assertThat(results.readValuesToList()).hasSize(1);

        driver.advanceWallClockTime(Duration.ofHours(2));
        queries.pipeInput("q-twice", bytes);
        assertThat(results.readValuesToList())
                .as("answered again once the retention has passed")
                .hasSize(1);
    }

    @Test
    void aStoreWhoseActiveCollectionIsAnotherEncodersIsNotSearched(@TempDir Path otherDirectory) {
        try (VectorStore other = LuceneVectorStore.open(LuceneStoreConfig.defaults(otherDirectory));
                TestEngine otherEngine = new TestEngine(parts, other, combiners)) {
            TestCatalogue.fill(other, 5, parts.bundle.featureDim(), "another-encoder");
            QueryResult result = otherEngine.engine.answer(
                    "q-x", byProduct("q-x", "p1", "in red", 3).build());
            assertThat(code(result)).isEqualTo(QueryErrorCode.MODEL_UNAVAILABLE);
            assertThat(error(result).getMessage()).contains("another-encoder");
        }
    }

    @Test
    void theCatalogueViewHoldsTheLatestEventPerProduct() {
        TestInputTopic<String, io.cirstream.schemas.avro.CatalogEvent> catalog = driver.createInputTopic(
                Topics.CATALOG_PRODUCTS.name(),
                new StringSerializer(),
                Topics.CATALOG_PRODUCTS.valueSerde().serializer());
        catalog.pipeInput("p1", TestCatalogue.event(1, new byte[] {1}));
        catalog.pipeInput("p2", TestCatalogue.event(2, new byte[] {2}));
        catalog.pipeInput("p3", TestCatalogue.event(3, new byte[] {3}));
        catalog.pipeInput(
                "p2",
                new io.cirstream.schemas.avro.CatalogEvent(
                        new io.cirstream.schemas.avro.ProductDeleted("p2", java.time.Instant.ofEpochMilli(2_000))));
        catalog.pipeInput("p3", (io.cirstream.schemas.avro.CatalogEvent) null);

        io.cirstream.query.catalog.CatalogView view =
                new io.cirstream.query.catalog.CatalogView(() -> driver.getKeyValueStore(QueryTopology.CATALOG_STORE));
        assertThat(view.product("p1")).get().extracting(p -> p.getTitle()).isEqualTo("blue shirt number 1");
        assertThat(view.product("p2")).isEmpty();
        assertThat(view.product("p3")).isEmpty();
        assertThat(view.browse("shirt", "BLUE", 0, 10)).hasSize(1);
        assertThat(view.browse("dress", "", 0, 10)).isEmpty();
    }
}
