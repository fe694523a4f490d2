package io.cirstream.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.kafka.DeadLetterPublisher;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.DirectoryModelStore;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.Integration;
import io.cirstream.core.testkit.Repository;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class ModelRegistryTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    private static final Path TINY_COMBINER = Repository.root().resolve("fixtures/tiny-bundle/combiner.safetensors");
    private static final CombinerDims TINY = new CombinerDims(32, 128, 256);
    private static final String ENCODER = "tiny-rn-0f6356ffc832";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path work;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.MODELS, Topics.MODELS_DLQ);
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() {
        producer.close();
        kafka.close();
    }

    @Test
    void aVerifiedVersionServesAndAnAlteredOrForeignOneIsRefusedWhileTheLastGoodOneKeepsServing() throws Exception {
        String model = "combiner-a";
        DirectoryModelStore store = new DirectoryModelStore(work.resolve("models"));
        ModelVersion v1 = put(store, model, "v1");
        announce(model, v1);

        List<String> rejections = new CopyOnWriteArrayList<>();
        try (Running registry = start(store, model, rejections)) {
            assertThat(registry.registry().awaitCaughtUp(WAIT)).isTrue();
            assertThat(registry.registry().current()).map(ServingModel::name).hasValue("v1");
            assertThat(registry.registry().current().get().weights().dims()).isEqualTo(TINY);

            ModelVersion v2 = put(store, model, "v2");
            Files.write(
                    Path.of(URI.create(v2.getUri())), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
            announce(model, v2);
            Await.until("condition", WAIT, () -> rejections.size() == 1);
            assertThat(rejections.get(0)).contains("v2").contains("sha256").contains("altered or replaced");
            assertThat(registry.registry().current()).map(ServingModel::name).hasValue("v1");
            assertThat(registry.registry().health().detail())
                    .contains("serving v1")
                    .contains("last refused: v2");

            Path outside = work.resolve("elsewhere.safetensors");
            Files.copy(TINY_COMBINER, outside);
            ModelVersion foreign = ModelVersion.newBuilder(put(store, model, "v3"))
                    .setUri(outside.toUri().toString())
                    .build();
            announce(model, foreign);
            Await.until("condition", WAIT, () -> rejections.size() == 2);
            assertThat(rejections.get(1)).contains("not in the model store");

            ModelVersion wrongDims = ModelVersion.newBuilder(put(store, model, "v4"))
                    .setHiddenDim(512)
                    .build();
            announce(model, wrongDims);
            Await.until("condition", WAIT, () -> rejections.size() == 3);
            assertThat(rejections.get(2)).contains("D=32, P=128, H=512").contains("needs D=32, P=128, H=256");

            ModelVersion v5 = put(store, model, "v5");
            announce(model, v5);
            Await.until(
                    "condition",
                    WAIT,
                    () -> registry.registry().current().map(ServingModel::name).equals(Optional.of("v5")));
            assertThat(registry.registry().health().detail()).isEqualTo("serving v5");
        }
    }

    @Test
    void aLateReaderServesTheLatestAnnouncementAndAnUndecodableOneIsDeadLettered() throws Exception {
        String model = "combiner-b";
        DirectoryModelStore store = new DirectoryModelStore(work.resolve("models"));
        announce(model, put(store, model, "v1"));
        announce(model, put(store, model, "v2"));
        producer.send(new ProducerRecord<>(
                        Topics.MODELS.name(),
                        model.getBytes(StandardCharsets.UTF_8),
                        "garbage".getBytes(StandardCharsets.UTF_8)))
                .get();

        try (Running registry = start(store, model, new CopyOnWriteArrayList<>())) {
            assertThat(registry.registry().awaitCaughtUp(WAIT)).isTrue();
            Await.until("condition", WAIT, () -> registry.registry().current().isPresent());
            assertThat(registry.registry().current()).map(ServingModel::name).hasValue("v2");
        }
        assertThat(deadLetters()).anySatisfy(letter -> {
            assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalKey()).toString())
                    .isEqualTo(model);
            assertThat(letter.getErrorMessage()).contains("not Avro single-object encoded");
        });
    }

    @Test
    void weightsThatCannotBeFetchedYetAreFetchedAgainUntilTheyServeWhileTheLastGoodVersionKeepsServing()
            throws Exception {
        String model = "combiner-c";
        DirectoryModelStore store = new DirectoryModelStore(work.resolve("models"));
        announce(model, put(store, model, "v1"));
        List<String> events = new CopyOnWriteArrayList<>();
        try (Running registry = start(store, model, events)) {
            assertThat(registry.registry().awaitCaughtUp(WAIT)).isTrue();
            Await.until("v1 serves", WAIT, () -> registry.registry().current().isPresent());

            ModelVersion v2 = put(store, model, "v2");
            Path weights = Path.of(URI.create(v2.getUri()));
            Path away = work.resolve("v2-not-yet-visible.safetensors");
            Files.move(weights, away);
            announce(model, v2);
            Await.until("two failed fetches of v2", WAIT, () -> events.size() >= 2);
            assertThat(events.get(0)).startsWith("unavailable, again in PT1S").contains("v2");
            assertThat(events.get(1)).startsWith("unavailable, again in PT2S");
            assertThat(registry.registry().current()).map(ServingModel::name).hasValue("v1");
            assertThat(registry.registry().health().healthy()).isTrue();
            assertThat(registry.registry().health().detail())
                    .startsWith("serving v1; waiting for v2 (")
                    .contains("failed fetches");

            Files.move(away, weights);
            Await.until(
                    "v2 serves once its weights can be read, with no new announcement",
                    WAIT,
                    () -> registry.registry().current().map(ServingModel::name).equals(Optional.of("v2")));
            assertThat(registry.registry().health().detail()).isEqualTo("serving v2");
            assertThat(events).allSatisfy(event -> assertThat(event).startsWith("unavailable"));
        }
    }

    @Test
    void theWaitBetweenFetchesDoublesFromOneSecondToOneMinute() {
        assertThat(ModelRegistry.retryWait(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ModelRegistry.retryWait(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ModelRegistry.retryWait(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(ModelRegistry.retryWait(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ModelRegistry.retryWait(1000)).isEqualTo(Duration.ofMinutes(1));
    }

    private record Running(ModelRegistry registry, Thread thread, DeadLetterPublisher deadLetters)
            implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            registry.close();
            thread.join();
            deadLetters.close();
        }
    }

    private Running start(DirectoryModelStore store, String model, List<String> rejections) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        DeadLetterPublisher deadLetters = DeadLetterPublisher.connect(kafka.bootstrapServers(), Map.of());
        ModelLoader loader =
                new ModelLoader(store, work.resolve("cache"), 1 << 24, Optional.of(TINY), Optional.of(ENCODER));
        ModelRegistry registry = new ModelRegistry(
                consumer,
                model,
                loader,
                deadLetters,
                new ModelRegistry.Listener() {
                    @Override
                    public void rejected(ModelVersion version, String reason) {
                        rejections.add(reason);
                    }

                    @Override
                    public void unavailable(ModelVersion version, String reason, Duration retryIn) {
                        rejections.add("unavailable, again in " + retryIn + ": " + reason);
                    }
                },
                Duration.ofMillis(100));
        return new Running(registry, Thread.ofPlatform().start(registry), deadLetters);
    }

    private static ModelVersion put(DirectoryModelStore store, String model, String version) {
        String sha256 = ModelBundle.sha256(TINY_COMBINER);
        URI uri = store.putWeights(model, version, TINY_COMBINER, sha256);
        CombinerWeights weights = CombinerWeights.load(TINY_COMBINER);
        return ModelVersion.newBuilder()
                .setModelName(model)
                .setVersion(version)
                .setParentVersion(null)
                .setUri(uri.toString())
                .setSha256(sha256)
                .setFeatureDim(weights.dims().featureDim())
                .setProjectionDim(weights.dims().projectionDim())
                .setHiddenDim(weights.dims().hiddenDim())
                .setEncoderVersion(ENCODER)
                .setMetrics(Map.of("recall_at_10", 0.5))
                .setTrainingSetSize(10)
                .setCreatedAt(Instant.ofEpochMilli(1_000))
                .build();
    }

    private static void announce(String model, ModelVersion version) throws Exception {
        byte[] value = Topics.MODELS.valueSerde().serializer().serialize(Topics.MODELS.name(), version);
        producer.send(new ProducerRecord<>(Topics.MODELS.name(), model.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    private static List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.MODELS_DLQ.name(), 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < end) {
                reader.poll(Duration.ofMillis(200))
                        .forEach(record -> letters.add(Topics.MODELS_DLQ
                                .valueSerde()
                                .deserializer()
                                .deserialize(record.topic(), record.value())));
            }
        }
        return letters;
    }
}
