package io.cirstream.trainer.app;

import static io.cirstream.trainer.app.TrainerEndToEndTest.BUNDLE;
import static io.cirstream.trainer.app.TrainerEndToEndTest.ENCODER;
import static io.cirstream.trainer.app.TrainerEndToEndTest.JSON;
import static io.cirstream.trainer.app.TrainerEndToEndTest.WAIT;
import static io.cirstream.trainer.app.TrainerEndToEndTest.announcements;
import static io.cirstream.trainer.app.TrainerEndToEndTest.awaitReport;
import static io.cirstream.trainer.app.TrainerEndToEndTest.get;
import static io.cirstream.trainer.app.TrainerEndToEndTest.postTrain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.config.Settings;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.DirectoryModelStore;
import io.cirstream.core.registry.BundlePublisher;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.core.registry.ServingModel;
import io.cirstream.core.store.LuceneStoreConfig;
import io.cirstream.core.store.LuceneVectorStore;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.RenamedBundle;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import io.cirstream.trainer.config.TrainerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the trainer follows the encoder line. Triplets flow and the trainer publishes a Combiner for encoders A
 * (the tiny bundle's). Then a bundle with encoders B is announced while a run trains for A: that run is abandoned and
 * publishes nothing; the trainer trains for B from then on (health and metrics say so), waits until the store's active
 * collection is B's, and its next version names B, was trained on B's collection (which differs from A's: other
 * features, one product family less) with B's text encoder (captions encoded afresh into B's cache), and was gated
 * against B's bundle Combiner, not against A's announced version; that run starts by itself (every triplet counts as
 * changed after the switch, and the trigger the trainer was not ready for is asked again until the store is). A
 * restart configured with A's bundle starts on B (the latest on the line) and gates against the version announced for
 * B.
 */
@Integration
class TrainerEncoderLineTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    private static final String ENCODER_B = "tiny-rn-finetuned-b";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void theTrainerMovesToEachAnnouncedEncoderBundleAndPublishesOnlyForTheEncodersItTrainedWith() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                LuceneVectorStore store = LuceneVectorStore.open(LuceneStoreConfig.defaults(work.resolve("store")))) {
            kafka.createTopics(
                    Topics.TRIPLETS.withPartitions(2), Topics.TRIPLETS_DLQ, Topics.MODELS, Topics.MODELS_DLQ);
            int triplets = TrainerEndToEndTest.fillCatalogueAndPublishTriplets(kafka, store);
            Map<String, String> settings = TrainerEndToEndTest.settings(kafka, work);

            // 1. encoders A: a run is promoted and its version names A
            ModelVersion forA;
            ModelVersion forB;
            try (TrainerService trainer =
                    TrainerService.start(TrainerConfig.from(Settings.of(settings)), Optional.of(store))) {
                Await.until(
                        "the trainer has read the topics",
                        WAIT,
                        () -> trainer.caughtUp() && trainer.log().size() == triplets);
                assertThat(trainer.encoderVersion()).isEqualTo(ENCODER);
                RunReport report = awaitReport(trainer, postTrain(trainer, 202));
                assertThat(report.status()).as(report.json()).isEqualTo(RunStatus.PROMOTED);
                assertThat(report.encoderVersion()).hasValue(ENCODER);
                forA = report.published().orElseThrow();
                assertThat(forA.getEncoderVersion()).isEqualTo(ENCODER);
                assertThat(get(trainer, "/metrics"))
                        .contains("cirstream_trainer_encoder_info{encoder_version=\"" + ENCODER
                                + "\",service=\"trainer\"} 1");
            }

            // 2. a run for A is in progress when the bundle with encoders B is announced: it is abandoned
            Map<String, String> slow = new HashMap<>(settings);
            slow.put("cirstream.trainer.batch-size", "8");
            slow.put("cirstream.trainer.max-epochs", "150");
            slow.put("cirstream.trainer.patience", "150");
            slow.put("cirstream.trainer.trigger.every-triplets", "1");
            try (TrainerService trainer =
                    TrainerService.start(TrainerConfig.from(Settings.of(slow)), Optional.of(store))) {
                Await.until("the trainer has read the topics", WAIT, trainer::caughtUp);
                String inFlight = postTrain(trainer, 202);
                Await.until("the run for A trains", WAIT, () -> trainer.coordinator()
                        .running()
                        .filter(progress -> progress.phase().equals("training") && progress.epoch() >= 1)
                        .isPresent());
                ModelVersion bundleB = publishBundleB(kafka);

                RunReport abandoned = awaitReport(trainer, inFlight);
                assertThat(abandoned.status()).as(abandoned.json()).isEqualTo(RunStatus.INTERRUPTED);
                assertThat(abandoned.reason())
                        .startsWith("abandoned: the trainer switched from encoders " + ENCODER + " to " + ENCODER_B);
                assertThat(abandoned.encoderVersion()).hasValue(ENCODER);
                assertThat(abandoned.published()).isEmpty();
                assertThat(announcements(kafka)).containsExactly(forA, bundleB);
                assertThat(trainer.encoderVersion()).isEqualTo(ENCODER_B);
                assertThat(get(trainer, "/metrics"))
                        .contains("cirstream_trainer_encoder_info{encoder_version=\"" + ENCODER_B
                                + "\",service=\"trainer\"} 1")
                        .doesNotContain("cirstream_trainer_encoder_info{encoder_version=\"" + ENCODER + "\"")
                        .contains("cirstream_trainer_encoder_switches_total{service=\"trainer\"} 1.0");
                assertThat(health(trainer).at("/checks/encoders/detail").asText())
                        .as(health(trainer).toString())
                        .contains("training for encoders " + ENCODER_B);

                // B's features are not in the store yet: no run trains for B on A's collection
                String notReady = postTrain(trainer, 503);
                assertThat(get(trainer, "/train")).contains(inFlight);
                assertThat(notReady).isEmpty();
                assertThat(health(trainer).toString()).contains("active collection is " + ENCODER);

                // once ingest has switched the store to B's collection, the deferred trigger starts a run by itself
                int productsB = reEmbedForB(store);
                Await.until("a run for B starts and ends by itself", WAIT, () -> trainer.coordinator()
                        .last()
                        .filter(last -> !last.runId().equals(inFlight))
                        .isPresent());
                RunReport report = trainer.coordinator().last().orElseThrow();
                JsonNode tree = report.tree();
                assertThat(tree.path("trigger").asText()).isEqualTo("new_triplets");
                assertThat(report.status()).as(report.json()).isEqualTo(RunStatus.PROMOTED);
                assertThat(report.encoderVersion()).hasValue(ENCODER_B);
                assertThat(tree.at("/data/catalogueProducts").asInt())
                        .as("the catalogue of B's collection")
                        .isEqualTo(productsB);
                assertThat(tree.at("/textFeatureCache/encoded").asInt())
                        .as("the captions encoded with B's text encoder into its own cache")
                        .isEqualTo(6);
                assertThat(tree.at("/gate/serving/version").asText())
                        .as("gated against B's bundle Combiner, not A's announced version")
                        .startsWith("bundle:");
                forB = report.published().orElseThrow();
                assertThat(forB.getEncoderVersion()).isEqualTo(ENCODER_B);
                assertThat(forB.getParentVersion()).isNull();
                assertThat(announcements(kafka)).containsExactly(forA, bundleB, forB);
                assertThat(announcements(kafka))
                        .filteredOn(version -> version.getModelName().equals(TrainerConfig.DEFAULT_MODEL_NAME))
                        .filteredOn(version -> version.getEncoderVersion().equals(ENCODER_B))
                        .containsExactly(forB);
                Await.until("the version for B is served", WAIT, () -> trainer.registry()
                        .current()
                        .map(ServingModel::name)
                        .equals(Optional.of(forB.getVersion())));
            }

            // 3. a restart configured with A's bundle trains for B, the latest bundle on the line, against B's version
            try (TrainerService trainer =
                    TrainerService.start(TrainerConfig.from(Settings.of(settings)), Optional.of(store))) {
                assertThat(trainer.encoderVersion()).isEqualTo(ENCODER_B);
                Await.until("the trainer has read the topics", WAIT, trainer::caughtUp);
                RunReport report = awaitReport(trainer, postTrain(trainer, 202));
                assertThat(report.encoderVersion()).hasValue(ENCODER_B);
                assertThat(report.tree().at("/gate/serving/version").asText()).isEqualTo(forB.getVersion());
                assertThat(report.tree().at("/textFeatureCache/encoded").asInt())
                        .as("B's captions come from its cache")
                        .isZero();
                report.published().ifPresent(version -> assertThat(version.getEncoderVersion())
                        .isEqualTo(ENCODER_B));
            }
        }
    }

    /** Publishes a copy of the tiny bundle whose encoders are version B, as {@code cirstream model publish-bundle}. */
    private ModelVersion publishBundleB(EmbeddedKafka kafka) throws Exception {
        Path bundle = RenamedBundle.copyWithEncoderVersion(BUNDLE, work.resolve("bundle-b"), ENCODER_B);
        assertThat(ModelBundle.open(bundle, true).encoderVersion()).isEqualTo(ENCODER_B);
        try (ModelAnnouncer announcer = ModelAnnouncer.connect(kafka.bootstrapServers(), Map.of())) {
            return new BundlePublisher(new DirectoryModelStore(work.resolve("models")), announcer, Clock.systemUTC())
                    .publish(EncoderLine.DEFAULT, bundle, work.resolve("staging"), Map.of(), Optional.of(ENCODER));
        }
    }

    /**
     * What ingest does after the switch-over: B's collection, filled with other features than A's (every other
     * dimension negated, which keeps the task learnable) and without the products of one base, then made active.
     * Returns its size.
     */
    private static int reEmbedForB(LuceneVectorStore store) {
        Map<String, float[]> featuresA = new HashMap<>();
        store.scanFeatures(1024, featuresA::putAll);
        List<StoredProduct> products = new ArrayList<>();
        featuresA.forEach((id, feature) -> {
            if (id.equals("base-0") || id.startsWith("item-0-")) {
                return;
            }
            float[] other = feature.clone();
            for (int d = 1; d < other.length; d += 2) {
                other[d] = -other[d];
            }
            products.add(new StoredProduct(
                    id, other, "dress", 4_999, "EUR", true, Map.of(), "0".repeat(64), ENCODER_B, 2, 0));
        });
        store.createCollection(ENCODER_B, TrainerEndToEndTest.DIM);
        store.upsert(products);
        store.switchTo(ENCODER_B);
        return products.size();
    }

    private static JsonNode health(TrainerService trainer) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trainer.httpPort() + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
