package io.cirstream.query.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.kafka.EmbeddedKafka;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Await;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.http.ApiRoute;
import io.cirstream.query.testkit.Http;
import io.cirstream.query.testkit.ModelParts;
import io.cirstream.query.testkit.Queries;
import io.cirstream.query.testkit.TestCatalogue;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query service as it runs: the in-JVM broker, a store, the topology, the HTTP API over real HTTP. Each subclass
 * gives the store; every test here runs against each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryServiceContract {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    static final int PRODUCTS = 40;
    static final Duration WAIT = Duration.ofSeconds(90);

    Path work;

    EmbeddedKafka kafka;
    VectorStore store;
    QueryService service;
    Http http;
    KafkaProducer<String, byte[]> producer;
    final Map<String, byte[]> images = new HashMap<>();
    String encoderVersion;

    /** The store under test, filled by the caller; opened in {@code directory}. */
    abstract VectorStore openStore(Path directory);

    /** The store the service uses: the same one (shared), or empty to open its own from {@link #storeSettings}. */
    abstract Optional<VectorStore> sharedStore();

    /** The service's store settings. */
    abstract Map<String, String> storeSettings();

    @BeforeAll
    void start(@TempDir Path directory) throws IOException {
        work = directory;
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.ALL);
        store = openStore(work.resolve("store"));
        try (ModelParts parts = new ModelParts()) {
            encoderVersion = parts.bundle.encoderVersion();
            TestCatalogue.fill(store, PRODUCTS, parts.bundle.featureDim(), encoderVersion);
        }
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        for (int i = 0; i < PRODUCTS; i++) {
            byte[] image = png(i);
            images.put(TestCatalogue.id(i), image);
            producer.send(new ProducerRecord<>(
                    Topics.CATALOG_PRODUCTS.name(),
                    TestCatalogue.id(i),
                    Topics.CATALOG_PRODUCTS
                            .valueSerde()
                            .serializer()
                            .serialize(Topics.CATALOG_PRODUCTS.name(), TestCatalogue.event(i, image))));
        }
        producer.flush();
        service = QueryService.start(config(Map.of()), sharedStore());
        http = new Http(service.httpPort());
        Await.until(
                "the catalogue view to hold every product",
                WAIT,
                () -> http.get("/api/v1/products/p" + (PRODUCTS - 1)).status() == 200);
    }

    QueryConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(storeSettings());
        settings.put(QueryConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(QueryConfig.BUNDLE, ModelParts.BUNDLE.toString());
        settings.put(QueryConfig.DATA_DIRECTORY, work.resolve("query").toString());
        settings.put(QueryConfig.HTTP_PORT, "0");
        settings.put(QueryConfig.STREAM_THREADS, "2");
        settings.put(QueryConfig.MAX_K, "50");
        settings.put(QueryConfig.MAX_REQUESTS_PER_SECOND, "1000");
        settings.put(ModelStoreConfig.LOCATION, work.resolve("models").toUri().toString());
        settings.put(ImageLimits.MAX_BYTES_KEY, "200000");
        settings.put(ImageLimits.MAX_PIXELS_KEY, "100000");
        settings.put("cirstream.model.device", "cpu");
        settings.putAll(overrides);
        return QueryConfig.from(Settings.of(settings));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (store != null) {
            store.close();
        }
        stopStoreServer();
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Stops what serves the store, after the service and the store are closed. */
    void stopStoreServer() {}

    static byte[] png(int i) throws IOException {
        BufferedImage image = new BufferedImage(24, 32, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(Color.HSBtoRGB(i / 40f, 0.8f, 0.9f)));
        graphics.fillRect(0, 0, 24, 32);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aJsonSearchAnswersWithProductsImagesAndLineage() {
        Http.Response response =
                http.postJson("/api/v1/search", "{\"productId\":\"p3\",\"caption\":\"is red\",\"k\":5}");

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("hits")).hasSize(5);
        for (JsonNode hit : body.path("hits")) {
            assertThat(hit.path("productId").asText()).isNotEqualTo("p3");
            assertThat(hit.path("product").path("title").asText()).contains("number");
            assertThat(hit.path("imageUrl").asText()).startsWith("/api/v1/products/");
            assertThat(hit.path("lineage").path("collection").asText()).isEqualTo(encoderVersion);
            assertThat(hit.path("lineage").path("encoderVersion").asText()).isEqualTo(encoderVersion);
            assertThat(hit.path("lineage").path("combinerVersion").asText()).startsWith("bundle:");
        }
        assertThat(body.path("modelVersion").asText()).startsWith("bundle:");
    }

    @Test
    void aMultipartSearchWithAnImageAndFiltersIsAnswered() {
        Http.Response response = http.postMultipart(
                "/api/v1/search",
                images.get("p5"),
                Map.of("caption", "is darker", "k", "3", "filters", "{\"categories\":[\"dress\"],\"inStock\":true}"));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().path("hits")).hasSize(3).allSatisfy(hit -> {
            assertThat(hit.path("product").path("category").asText()).isEqualTo("dress");
            assertThat(hit.path("product").path("inStock").asBoolean()).isTrue();
        });
    }

    @Test
    void badQueriesAreClearFourHundreds() {
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p-none\",\"caption\":\"x\"}"),
                404,
                "REFERENCE_NOT_FOUND");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"" + "x".repeat(1001) + "\"}"),
                400,
                "INVALID_QUERY");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"x\",\"k\":51}"),
                400,
                "INVALID_QUERY");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"x\",\"kk\":5}"),
                400,
                "BAD_REQUEST");
        assertError(http.postJson("/api/v1/search", "{not json"), 400, "BAD_REQUEST");
        assertError(
                http.postJson("/api/v1/search", "{\"productId\":\"p1\",\"caption\":\"x\",\"modelVersion\":\"v9\"}"),
                503,
                "MODEL_UNAVAILABLE");
        assertError(
                http.postMultipart("/api/v1/search", "not an image".getBytes(), Map.of("caption", "x")),
                422,
                "IMAGE_UNREADABLE");
        Http.Response tooLarge = http.postBytes("/api/v1/search", "application/json", new byte[400_000]);
        assertError(tooLarge, 413, "PAYLOAD_TOO_LARGE");
    }

    private static void assertError(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void productsTheirImagesAndBrowsingComeFromTheCatalogue() {
        JsonNode product = http.get("/api/v1/products/p6").json();
        assertThat(product.path("title").asText()).isEqualTo(TestCatalogue.colour(6) + " dress number 6");
        assertThat(product.path("currency").asText()).isEqualTo("EUR");

        Http.Response image = http.get("/api/v1/products/p6/image");
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.body()).isEqualTo(images.get("p6"));

        assertThat(http.get("/api/v1/products/nope").status()).isEqualTo(404);
        JsonNode page =
                http.get("/api/v1/products?category=dress&q=RED&limit=200").json();
        assertThat(page.path("products")).isNotEmpty().allSatisfy(item -> {
            assertThat(item.path("category").asText()).isEqualTo("dress");
            assertThat(item.path("title").asText()).startsWith("red");
        });
        assertThat(http.get("/api/v1/products?limit=0").status()).isEqualTo(400);
    }

    @Test
    void feedbackBecomesAClickTripletOnTheTripletTopic() {
        Http.Response response = http.postJson(
                "/api/v1/feedback", "{\"referenceId\":\"p1\",\"caption\":\"in red\",\"targetId\":\"p8\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        String tripletId = response.json().path("tripletId").asText();

        LabelledTriplet triplet = readTriplet(tripletId);
        assertThat(triplet.getReferenceId()).isEqualTo("p1");
        assertThat(triplet.getTargetId()).isEqualTo("p8");
        assertThat(triplet.getCaption()).isEqualTo("in red");
        assertThat(triplet.getSource()).isEqualTo(TripletSource.CLICK);

        assertThat(http.postJson(
                                "/api/v1/feedback",
                                "{\"referenceId\":\"p1\",\"caption\":\"in red\",\"targetId\":\"zz\"}")
                        .status())
                .isEqualTo(404);
        assertThat(http.postJson("/api/v1/feedback", "{\"referenceId\":\"p1\",\"caption\":\" \",\"targetId\":\"p2\"}")
                        .status())
                .isEqualTo(400);
    }

    private LabelledTriplet readTriplet(String tripletId) {
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            List<TopicPartition> partitions = reader.partitionsFor(Topics.TRIPLETS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (tripletId.equals(record.key())) {
                        return Topics.TRIPLETS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    }
                }
            }
        }
        throw new AssertionError("triplet " + tripletId + " not on " + Topics.TRIPLETS.name());
    }

    KafkaConsumer<String, byte[]> reader() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    @Test
    void modelsHealthAndMetricsAreServed() {
        aJsonSearchAnswersWithProductsImagesAndLineage();
        JsonNode models = http.get("/api/v1/models").json();
        assertThat(models.path("serving").asText()).startsWith("bundle:");
        assertThat(models.path("versions").get(0).path("status").asText()).isEqualTo("SERVING");

        Http.Response health = http.get("/health");
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        String metrics = http.get("/metrics").text();
        assertThat(metrics)
                .contains("cirstream_query_queries_total{outcome=\"HITS\"")
                .contains("cirstream_query_latency_seconds_bucket")
                .contains("cirstream_query_text_cache_hit_rate")
                .contains("cirstream_query_batch_size_bucket")
                .contains("cirstream_query_serving_version_info{")
                .contains("version=\"bundle:");
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutes() {
        JsonNode document = http.get("/api/v1/openapi.json").json();
        Set<String> documented = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths =
                document.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue()
                    .properties()
                    .forEach(method ->
                            documented.add(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
        }
        List<String> routes = new ArrayList<>();
        for (ApiRoute route : service.api().routes()) {
            routes.add(route.method().name() + " " + route.path());
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
        for (String route : routes) {
            if (route.startsWith("GET ")) {
                int status = http.get(route.substring(4).replace("{id}", "p1")).status();
                assertThat(status).as(route).isEqualTo(200);
            }
        }
    }

    @Test
    void aQuerySentTwiceOnTheTopicGetsOneResult() throws Exception {
        ComposedQuery query = Queries.byProduct("dup-1", "p2", "in green", 3).build();
        byte[] bytes = Topics.QUERIES.valueSerde().serializer().serialize(Topics.QUERIES.name(), query);
        int partition = producer.send(new ProducerRecord<>(Topics.QUERIES.name(), "dup-1", bytes))
                .get()
                .partition();
        producer.send(new ProducerRecord<>(Topics.QUERIES.name(), partition, "dup-1", bytes))
                .get();
        ComposedQuery sentinel =
                Queries.byProduct("dup-sentinel", "p2", "in green", 3).build();
        producer.send(new ProducerRecord<>(
                        Topics.QUERIES.name(),
                        partition,
                        "dup-sentinel",
                        Topics.QUERIES.valueSerde().serializer().serialize(Topics.QUERIES.name(), sentinel)))
                .get();

        List<QueryResult> results = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            TopicPartition results0 = new TopicPartition(Topics.RESULTS.name(), partition);
            reader.assign(List.of(results0));
            reader.seekToBeginning(List.of(results0));
            Await.until("the sentinel's result", WAIT, () -> {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    results.add(Topics.RESULTS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                }
                return results.stream().anyMatch(r -> r.getQueryId().equals("dup-sentinel"));
            });
        }
        assertThat(results).filteredOn(r -> r.getQueryId().equals("dup-1")).hasSize(1);
    }
}
