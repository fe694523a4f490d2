package io.cirstream.trainer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.DirectoryModelStore;
import io.cirstream.core.modelstore.ModelVersionJson;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.trainer.config.TrainerConfig;
import io.cirstream.trainer.log.Triplet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show 2 of issue 5, on the in-JVM broker and the embedded Lucene store with the committed tiny bundle (D = 32):
 * triplets are published, a training run trains a Combiner that beats the serving one (the bundle's) and is published
 * and served; after a restart with a recipe that makes a worse candidate (one epoch from scratch), that candidate is
 * rejected against the served version with its report, and nothing new is announced.
 *
 * <p>The catalogue is built so that the task is learnable: each caption names one of six changes, each a fixed
 * offset in feature space, and the target of (reference, caption) is the reference moved by the caption's offset.
 * Held-out triplets rank the whole catalogue. The learning rate is raised from the recipe's 2e-5 to 1e-3 so that 40
 * epochs of a tiny Combiner fit the CI budget.
 */
@Integration
class TrainerEndToEndTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    static final Path BUNDLE = Repository.root().resolve("fixtures").resolve("tiny-bundle");
    static final String ENCODER = "tiny-rn-0f6356ffc832";
    static final int DIM = 32;
    private static final int BASES = 60;
    private static final List<String> CAPTIONS = List.of(
            "is red", "has long sleeves", "is shorter", "has a floral print", "is made of denim", "has no collar");
    static final Duration WAIT = Duration.ofMinutes(3);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void publishedTripletsTrainAVersionThatPassesTheGateAndAWorseCandidateIsRejectedWithItsReport() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                LuceneVectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(work.resolve("store")))) {
            kafka.createTopics(
                    Topics.TRIPLETS.withPartitions(2), Topics.TRIPLETS_DLQ, Topics.MODELS, Topics.MODELS_DLQ);
            int triplets = fillCatalogueAndPublishTriplets(kafka, store);

            ModelVersion published;
            Map<String, String> settings = settings(kafka);
            try (TrainerService trainer =
                    TrainerService.start(TrainerConfig.from(Settings.of(settings)), Optional.of(store))) {
                Await.until(
                        "condition",
                        WAIT,
                        () -> trainer.caughtUp() && trainer.log().size() == triplets);
                String runId = postTrain(trainer, 202);
                RunReport report = awaitReport(trainer, runId);
                JsonNode tree = report.tree();

                assertThat(report.status()).as(report.json()).isEqualTo(RunStatus.PROMOTED);
                assertThat(tree.at("/data/droppedMissingProducts").asInt()).isEqualTo(1);
                assertThat(tree.at("/data/trainingExamples").asInt()
                                + tree.at("/data/heldOutQueries").asInt())
                        .isEqualTo(triplets - 1);
                assertThat(tree.at("/gate/serving/version").asText()).startsWith("bundle:tiny-rn-combiner-");
                double candidate = tree.at("/gate/candidate/recall_at_10").asDouble();
                double bundle = tree.at("/gate/serving/metrics/recall_at_10").asDouble();
                assertThat(candidate).isGreaterThan(bundle).isGreaterThan(0.5);
                Path runDir = trainer.coordinator().runDirectory(runId);
                assertThat(runDir.resolve("report.json")).isRegularFile();
                assertThat(runDir.resolve("training-curve.json")).isRegularFile();
                assertThat(Files.readString(runDir.resolve("training-curve.svg")))
                        .startsWith("<svg");

                published = report.published().orElseThrow();
                DirectoryModelStore models = new DirectoryModelStore(work.resolve("models"));
                assertThat(models.versions("combiner")).containsExactly(published.getVersion());
                assertThat(ModelVersionJson.read(models.record("combiner", published.getVersion())
                                .orElseThrow()))
                        .isEqualTo(published);
                Path weights = Path.of(URI.create(published.getUri()));
                assertThat(ModelBundle.sha256(weights)).isEqualTo(published.getSha256());
                assertThat(published.getParentVersion()).isNull();
                assertThat(published.getEncoderVersion()).isEqualTo(ENCODER);
                assertThat(published.getTrainingSetSize())
                        .isEqualTo(tree.at("/data/trainingExamples").asLong());
                assertThat(announcements(kafka)).containsExactly(published);
                Await.until("condition", WAIT, () -> trainer.registry()
                        .current()
                        .map(ServingModel::name)
                        .equals(Optional.of(published.getVersion())));

                JsonNode status = JSON.readTree(get(trainer, "/train"));
                assertThat(status.at("/last/status").asText()).isEqualTo("promoted");
                assertThat(status.at("/last/publishedVersion").asText()).isEqualTo(published.getVersion());
                assertThat(get(trainer, "/metrics"))
                        .contains("cirstream_trainer_runs_finished_total{service=\"trainer\",status=\"promoted\"} 1.0")
                        .contains("cirstream_trainer_last_promoted_info{service=\"trainer\",version=\""
                                + published.getVersion() + "\"} 1")
                        .contains("cirstream_trainer_triplets_dropped{service=\"trainer\"} 1.0");
            }

            // A candidate trained from scratch for one epoch, against the trained version, with a margin of 0.05.
            settings.put("cirstream.trainer.init", "from-scratch");
            settings.put("cirstream.trainer.max-epochs", "1");
            settings.put("cirstream.trainer.gate.margin", "0.05");
            try (TrainerService trainer =
                    TrainerService.start(TrainerConfig.from(Settings.of(settings)), Optional.of(store))) {
                Await.until("condition", WAIT, trainer::caughtUp);
                assertThat(trainer.registry().current()).map(ServingModel::name).hasValue(published.getVersion());
                String runId = postTrain(trainer, 202);
                RunReport report = awaitReport(trainer, runId);
                JsonNode tree = report.tree();

                assertThat(report.status()).as(report.json()).isEqualTo(RunStatus.REJECTED);
                assertThat(tree.at("/gate/serving/version").asText()).isEqualTo(published.getVersion());
                assertThat(tree.at("/gate/promote").asBoolean()).isFalse();
                assertThat(report.reason()).startsWith("not better by the margin: candidate recall_at_10");
                assertThat(tree.at("/gate/candidate/recall_at_10").isNumber()).isTrue();
                assertThat(tree.at("/gate/serving/metrics/recall_at_10").asDouble())
                        .isGreaterThan(0.5);
                assertThat(report.published()).isEmpty();
                assertThat(trainer.coordinator().runDirectory(runId).resolve("training-curve.json"))
                        .isRegularFile();
                assertThat(new DirectoryModelStore(work.resolve("models")).versions("combiner"))
                        .containsExactly(published.getVersion());
                assertThat(announcements(kafka)).containsExactly(published);
                assertThat(JSON.readTree(get(trainer, "/runs/" + runId))
                                .at("/status")
                                .asText())
                        .isEqualTo("rejected");
            }
        }
    }

    /** Products (bases and their moved copies) in the store, their triplets on the topic; returns the triplet count. */
    static int fillCatalogueAndPublishTriplets(EmbeddedKafka kafka, LuceneVectorStore store) throws Exception {
        Random random = new Random(7);
        float[][] offsets = new float[CAPTIONS.size()][];
        for (int m = 0; m < offsets.length; m++) {
            offsets[m] = gaussian(random, 2.0f);
        }
        store.createCollection(ENCODER, DIM);
        store.switchTo(ENCODER);
        List<StoredProduct> products = new ArrayList<>();
        List<Triplet> triplets = new ArrayList<>();
        for (int i = 0; i < BASES; i++) {
            float[] base = gaussian(random, 1.0f);
            products.add(product("base-" + i, base));
            for (int m = 0; m < CAPTIONS.size(); m++) {
                float[] moved = base.clone();
                for (int d = 0; d < DIM; d++) {
                    moved[d] += offsets[m][d];
                }
                products.add(product("item-" + i + "-" + m, moved));
                triplets.add(new Triplet(
                        "t-" + i + "-" + m,
                        "base-" + i,
                        CAPTIONS.get(m),
                        "item-" + i + "-" + m,
                        TripletSource.CURATED,
                        Instant.ofEpochMilli(1_000L + i)));
            }
        }
        store.upsert(products);
        triplets.add(new Triplet("t-gone", "base-1", "is red", "sold-out-product", TripletSource.CLICK, Instant.EPOCH));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Triplet triplet : triplets) {
                byte[] value =
                        Topics.TRIPLETS.valueSerde().serializer().serialize(Topics.TRIPLETS.name(), triplet.toRecord());
                producer.send(new ProducerRecord<>(
                        Topics.TRIPLETS.name(), triplet.id().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.send(new ProducerRecord<>(
                            Topics.TRIPLETS.name(), "poison".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}))
                    .get();
        }
        return triplets.size();
    }

    private Map<String, String> settings(EmbeddedKafka kafka) {
        return settings(kafka, work);
    }

    /** The trainer's settings for a test: the tiny bundle, a fast recipe, no automatic triggers. */
    static Map<String, String> settings(EmbeddedKafka kafka, Path work) {
        Map<String, String> settings = new HashMap<>();
        settings.put("cirstream.kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("cirstream.model.bundle", BUNDLE.toString());
        settings.put("cirstream.model.device", "cpu");
        settings.put("cirstream.model-store.uri", work.resolve("models").toString());
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

    private static StoredProduct product(String id, float[] feature) {
        return new StoredProduct(id, feature, "dress", 4_999, "EUR", true, Map.of(), "0".repeat(64), ENCODER, 1, 0);
    }

    private static float[] gaussian(Random random, float scale) {
        float[] vector = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            vector[d] = (float) random.nextGaussian() * scale;
        }
        return vector;
    }

    static String postTrain(TrainerService trainer, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trainer.httpPort() + "/train"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body()).path("runId").asText();
    }

    static String get(TrainerService trainer, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trainer.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    static RunReport awaitReport(TrainerService trainer, String runId) throws InterruptedException {
        Await.until(
                "condition",
                WAIT,
                () -> trainer.coordinator().last().map(RunReport::runId).equals(Optional.of(runId)));
        return trainer.coordinator().last().orElseThrow();
    }

    static List<ModelVersion> announcements(EmbeddedKafka kafka) {
        List<ModelVersion> versions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.MODELS.name(), 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < end) {
                reader.poll(Duration.ofMillis(200))
                        .forEach(record -> versions.add(
                                Topics.MODELS.valueSerde().deserializer().deserialize(record.topic(), record.value())));
            }
        }
        return versions;
    }
}
