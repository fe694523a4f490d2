package io.cirstream.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageInput;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.model.TorchRuntime;
import io.cirstream.core.modelstore.DirectoryModelStore;
import io.cirstream.core.registry.BundlePublisher;
import io.cirstream.core.registry.EncoderLine;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.core.testkit.Vectors;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.ingest.rebuild.RebuildStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-embedding switch-over on the running system: the standalone starts on the tiny bundle (random weights) and
 * answers a steady stream of composed queries over HTTP; a new bundle (the project's trained demo bundle: other
 * encoders, other weights) is published on the encoder line; the ingest service re-embeds the catalogue into a new
 * collection while the old one serves, the store switches, and the query service, which loaded the new encoders when
 * they were announced, answers with them from the switch on. Every query is answered with hits throughout; each
 * answer's encoders are its collection's; the new collection holds the new encoder's features; the old collection is
 * dropped after the grace period.
 */
@Integration
class EncoderSwitchOverTest {

    private static final int PRODUCTS = 100;
    private static final long SEED = 11;
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Duration QUERY_PACE = Duration.ofMillis(50);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path TINY = Repository.file("fixtures/tiny-bundle");
    private static final Path DEMO = Repository.file("fixtures/demo-bundle");

    @TempDir
    Path dir;

    /** One composed query's answer as the client saw it. */
    private record Answer(int status, String encoder, String collection, int hits, String body) {}

    @Test
    void aNewEncoderVersionIsReEmbeddedAndSwitchedToWhileEveryQueryIsAnswered() throws Exception {
        String oldVersion = ModelBundle.open(TINY).encoderVersion();
        String newVersion = ModelBundle.open(DEMO).encoderVersion();
        StandaloneConfig config = new StandaloneConfig(
                dir.resolve("data"),
                TINY,
                PRODUCTS,
                SEED,
                0,
                2,
                PipelineConfig.DEFAULT_TRAIN_BATCH_SIZE,
                "cpu",
                Settings.of(Map.of(IngestConfig.DROP_PREVIOUS_AFTER.name(), "3s")));
        try (Standalone system = Standalone.start(config, StepProgress.NONE, new PrintWriter(new StringWriter()))) {
            URI base = system.ready().address();
            assertThat(system.store().activeCollection()).contains(oldVersion);
            List<Answer> answers = new CopyOnWriteArrayList<>();
            AtomicBoolean querying = new AtomicBoolean(true);
            Thread client = Thread.ofPlatform().name("switch-over-client").start(() -> {
                int i = 0;
                while (querying.get()) {
                    answers.add(search(base, "syn-%06d".formatted(i++ % PRODUCTS)));
                    pause(QUERY_PACE);
                }
            });
            Await.until("answers with the first encoders", WAIT, () -> answers.size() >= 5);

            long announced = System.nanoTime();
            try (ModelAnnouncer announcer = ModelAnnouncer.connect(system.bootstrapServers(), Map.of())) {
                new BundlePublisher(new DirectoryModelStore(system.layout().models()), announcer, Clock.systemUTC())
                        .publish(
                                EncoderLine.DEFAULT,
                                DEMO,
                                dir.resolve("staging"),
                                Map.of("recall_at_10", 95.08),
                                Optional.of(oldVersion));
            }

            Await.until("the store switched to the new encoders' collection", WAIT, () -> system.store()
                    .activeCollection()
                    .filter(newVersion::equals)
                    .isPresent());
            int atSwitch = answers.size();
            double switchSeconds = (System.nanoTime() - announced) / 1e9;
            Await.until("answers after the switch", WAIT, () -> answers.size() >= atSwitch + 10);
            querying.set(false);
            client.join(WAIT.toMillis());

            List<Answer> all = new ArrayList<>(answers);
            System.out.printf(
                    "switch-over: %d queries answered, %d before the switch was seen and %d after, %d not with 200;"
                            + " from the announcement to the switch %.1f s (%d products re-embedded)%n",
                    all.size(),
                    atSwitch,
                    all.size() - atSwitch,
                    all.stream().filter(answer -> answer.status() != 200).count(),
                    switchSeconds,
                    PRODUCTS);
            assertThat(all)
                    .as("every query answered with hits, through the re-embedding and the switch")
                    .allSatisfy(answer -> {
                        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                        assertThat(answer.hits()).isEqualTo(5);
                        assertThat(answer.encoder())
                                .as("a query's encoders are those of the collection it searched")
                                .isEqualTo(answer.collection());
                    });
            assertThat(all.getFirst().encoder()).isEqualTo(oldVersion);
            // the client sends one query at a time: the one in flight when the switch was seen may have started before
            assertThat(all.subList(atSwitch + 1, all.size()))
                    .as("answers after the switch")
                    .allSatisfy(answer -> assertThat(answer.encoder()).isEqualTo(newVersion));
            assertThat(system.encoders().encoderVersion()).isEqualTo(newVersion);
            assertThat(system.ingest().rebuildStatus().phase()).isEqualTo(RebuildStatus.Phase.DONE);
            assertThat(system.store().count(newVersion)).isEqualTo(PRODUCTS);

            // the new collection holds the new encoder's features of each product image, not the old encoder's
            byte[] image = HTTP.send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/products/syn-000003/image"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            float[] stored = system.store()
                    .getFeatures(newVersion, List.of("syn-000003"))
                    .get("syn-000003");
            try (ImageEmbedder demo = ImageEmbedder.open(
                            ModelBundle.open(DEMO),
                            TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu")),
                            ImageLimits.DEFAULTS);
                    ImageEmbedder tiny = ImageEmbedder.open(
                            ModelBundle.open(TINY),
                            TorchRuntime.resolve(RuntimeConfig.defaults().withDevice("cpu")),
                            ImageLimits.DEFAULTS)) {
                float[] expected = demo.embed(new ImageInput("syn-000003", image));
                float[] other = tiny.embed(new ImageInput("syn-000003", image));
                // the same encoder in the same process: equal up to float32 rounding of a batched forward pass
                // (relative differences of order 1e-6), against another encoder's feature
                assertThat(Vectors.cosine(stored, expected)).isGreaterThan(0.9999);
                assertThat(Vectors.cosine(stored, other)).isLessThan(0.99);
            }

            JsonNode models = JSON.readTree(HTTP.send(
                            HttpRequest.newBuilder(base.resolve("/api/v1/models"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(models.path("encoderVersion").asText()).isEqualTo(newVersion);
            Await.until("the old collection dropped after the grace period", WAIT, () -> system.store()
                    .collections()
                    .equals(List.of(newVersion)));
        }
    }

    private static Answer search(URI base, String productId) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/search"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                    Map.of("productId", productId, "caption", "is red", "k", 5))))
                            .timeout(WAIT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Answer(response.statusCode(), null, null, 0, response.body());
            }
            JsonNode hits = JSON.readTree(response.body()).path("hits");
            JsonNode lineage = hits.path(0).path("lineage");
            return new Answer(
                    200,
                    lineage.path("encoderVersion").asText(),
                    lineage.path("collection").asText(),
                    hits.size(),
                    response.body());
        } catch (Exception e) {
            return new Answer(-1, null, null, 0, e.toString());
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
