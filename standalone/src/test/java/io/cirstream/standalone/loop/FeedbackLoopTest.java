package io.cirstream.standalone.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.config.Settings;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.query.app.QueryService;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.model.ServingCombiner;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.trainer.app.RunReport;
import io.cirstream.trainer.app.RunStatus;
import io.cirstream.trainer.app.TrainerService;
import io.cirstream.trainer.config.TrainerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback loop across services in one JVM: shoppers' choices sent over the query service's HTTP API become
 * labelled triplets, the trainer trains on them and its gate promotes a version, and the query service then answers
 * with that version (the hits' lineage names it). The catalogue has a structure a Combiner can learn: each caption
 * moves a product's feature by its own offset.
 */
@Integration
class FeedbackLoopTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    private static final Path BUNDLE = Repository.root().resolve("fixtures").resolve("tiny-bundle");
    private static final String ENCODER = "tiny-rn-0f6356ffc832";
    private static final int DIM = 32;
    private static final int BASES = 60;
    private static final List<String> CAPTIONS = List.of(
            "is red", "has long sleeves", "is shorter", "has a floral print", "is made of denim", "has no collar");
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void feedbackOverHttpTrainsAPromotedVersionThatTheNextQueriesAreAnsweredWith() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                LuceneVectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(work.resolve("store")))) {
            kafka.createTopics(Topics.ALL);
            List<String[]> choices = fillCatalogue(kafka, store);
            try (TrainerService trainer = TrainerService.start(
                            TrainerConfig.from(Settings.of(trainerSettings(kafka))), Optional.of(store));
                    QueryService query = QueryService.start(
                            QueryConfig.from(Settings.of(querySettings(kafka))), Optional.of(store))) {
                String api = "http://127.0.0.1:" + query.httpPort();
                Await.until(
                        "the catalogue view",
                        WAIT,
                        () -> get(api + "/api/v1/products/item-59-5").statusCode() == 200);
                String bundleVersion = query.combiners().current().orElseThrow().version();

                for (String[] choice : choices) {
                    HttpResponse<String> sent = post(
                            api + "/api/v1/feedback",
                            JSON.createObjectNode()
                                    .put("referenceId", choice[0])
                                    .put("caption", choice[1])
                                    .put("targetId", choice[2])
                                    .toString());
                    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
                }
                Await.until(
                        "the trainer to log every feedback triplet",
                        WAIT,
                        () -> trainer.caughtUp() && trainer.log().size() == choices.size());

                HttpResponse<String> started = post("http://127.0.0.1:" + trainer.httpPort() + "/train", "");
                assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
                String runId = JSON.readTree(started.body()).path("runId").asText();
                Await.until(
                        "the training run to finish",
                        WAIT,
                        () -> trainer.coordinator().last().map(RunReport::runId).equals(Optional.of(runId)));
                RunReport report = trainer.coordinator().last().orElseThrow();
                assertThat(report.status()).as(report.json()).isEqualTo(RunStatus.PROMOTED);
                ModelVersion promoted = report.published().orElseThrow();

                Await.until("the query service to serve " + promoted.getVersion(), WAIT, () -> query.combiners()
                        .current()
                        .map(ServingCombiner::version)
                        .equals(Optional.of(promoted.getVersion())));
                HttpResponse<String> answer =
                        post(api + "/api/v1/search", "{\"productId\":\"base-3\",\"caption\":\"is red\",\"k\":5}");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(answer.body());
                assertThat(body.path("modelVersion").asText()).isEqualTo(promoted.getVersion());
                assertThat(body.path("hits")).hasSize(5).allSatisfy(hit -> assertThat(
                                hit.path("lineage").path("combinerVersion").asText())
                        .isEqualTo(promoted.getVersion()));
                JsonNode models = JSON.readTree(get(api + "/api/v1/models").body());
                assertThat(models.path("serving").asText()).isEqualTo(promoted.getVersion());
                assertThat(models.path("versions")
                                .get(0)
                                .path("metrics")
                                .path("recall_at_10")
                                .asDouble())
                        .isGreaterThan(0);
                System.out.println("FeedbackLoopTest: " + choices.size() + " feedback triplets over HTTP -> "
                        + report.status() + " " + promoted.getVersion() + " (gate recall_at_10 "
                        + promoted.getMetrics().get("recall_at_10") + "), replacing " + bundleVersion
                        + "; queries answered by " + body.path("modelVersion").asText());
            }
        }
    }

    /** Products in the store and on the catalogue topic; returns the shoppers' choices (reference, caption, target). */
    private static List<String[]> fillCatalogue(EmbeddedKafka kafka, LuceneVectorStore store) throws Exception {
        Random random = new Random(7);
        float[][] offsets = new float[CAPTIONS.size()][];
        for (int m = 0; m < offsets.length; m++) {
            offsets[m] = gaussian(random, 2.0f);
        }
        store.createCollection(ENCODER, DIM);
        store.switchTo(ENCODER);
        List<StoredProduct> products = new ArrayList<>();
        List<String[]> choices = new ArrayList<>();
        for (int i = 0; i < BASES; i++) {
            float[] base = gaussian(random, 1.0f);
            products.add(product("base-" + i, base));
            for (int m = 0; m < CAPTIONS.size(); m++) {
                float[] moved = base.clone();
                for (int d = 0; d < DIM; d++) {
                    moved[d] += offsets[m][d];
                }
                products.add(product("item-" + i + "-" + m, moved));
                choices.add(new String[] {"base-" + i, CAPTIONS.get(m), "item-" + i + "-" + m});
            }
        }
        store.upsert(products);
        try (KafkaProducer<String, CatalogEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                Topics.CATALOG_PRODUCTS.valueSerde().serializer())) {
            for (StoredProduct product : products) {
                producer.send(new ProducerRecord<>(
                        Topics.CATALOG_PRODUCTS.name(),
                        product.productId(),
                        new CatalogEvent(ProductUpserted.newBuilder()
                                .setProductId(product.productId())
                                .setImage(ByteBuffer.wrap(new byte[] {1}))
                                .setTitle(product.productId())
                                .setCategory(product.category())
                                .setPriceMinorUnits(product.priceMinorUnits())
                                .setCurrency(product.currency())
                                .setInStock(product.inStock())
                                .setAttributes(Map.of())
                                .setEventTime(Instant.ofEpochMilli(1_000))
                                .setImageSha256(null)
                                .build())));
            }
            producer.flush();
        }
        return choices;
    }

    private static StoredProduct product(String id, float[] feature) {
        return new StoredProduct(id, feature, "dress", 1_000, "EUR", true, Map.of(), "0".repeat(64), ENCODER, 1_000, 0);
    }

    private static float[] gaussian(Random random, float scale) {
        float[] values = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            values[d] = (float) random.nextGaussian() * scale;
        }
        return values;
    }

    private Map<String, String> common(EmbeddedKafka kafka) {
        Map<String, String> settings = new HashMap<>();
        settings.put("cirstream.kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("cirstream.model.bundle", BUNDLE.toString());
        settings.put("cirstream.model.device", "cpu");
        settings.put("cirstream.model-store.uri", work.resolve("models").toString());
        return settings;
    }

    private Map<String, String> trainerSettings(EmbeddedKafka kafka) {
        Map<String, String> settings = common(kafka);
        settings.put("cirstream.trainer.data-dir", work.resolve("trainer").toString());
        settings.put("cirstream.trainer.http.port", "0");
        settings.put("cirstream.trainer.trigger.every-triplets", "0");
        settings.put("cirstream.trainer.trigger.interval", "0s");
        settings.put("cirstream.trainer.held-out-fraction", "0.2");
        settings.put("cirstream.trainer.gate.min-held-out", "20");
        settings.put("cirstream.trainer.learning-rate", "1e-3");
        settings.put("cirstream.trainer.batch-size", "64");
        settings.put("cirstream.trainer.max-epochs", "40");
        settings.put("cirstream.trainer.patience", "10");
        return settings;
    }

    private Map<String, String> querySettings(EmbeddedKafka kafka) {
        Map<String, String> settings = common(kafka);
        settings.put(QueryConfig.DATA_DIRECTORY.name(), work.resolve("query").toString());
        settings.put(QueryConfig.HTTP_PORT.name(), "0");
        settings.put(QueryConfig.STREAM_THREADS.name(), "2");
        settings.put(QueryConfig.MAX_REQUESTS_PER_SECOND.name(), "10000");
        return settings;
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
