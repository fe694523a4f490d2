package io.cirstream.demo.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.testkit.Integration;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.serde.RecordDecodingException;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Integration
class EmbeddedKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant TIME = Instant.ofEpochMilli(1_790_000_000_000L);

    static {
        // The broker logs a great deal at INFO; keep the test output readable.
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "warn");
    }

    @Test
    void createsTopicsWithTheirSettingsRoundTripsATypedRecordAndKeepsItAcrossARestart(@TempDir Path dataDir)
            throws Exception {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withDataDir(dataDir);
        ModelVersion model = model("combiner-7");

        try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            kafka.createTopics(Topics.ALL);

            try (Admin admin = admin(kafka)) {
                assertThat(cleanupPolicy(admin, Topics.MODELS)).isEqualTo("compact");
                assertThat(cleanupPolicy(admin, Topics.CATALOG_PRODUCTS)).isEqualTo("compact");
                assertThat(cleanupPolicy(admin, Topics.QUERIES)).isEqualTo("delete");
                assertThat(config(admin, Topics.QUERIES).get("retention.ms").value())
                        .isEqualTo("86400000");
                assertThat(partitions(admin, Topics.CATALOG_PRODUCTS)).isEqualTo(Topics.DEFAULT_PARTITIONS);
                assertThat(partitions(admin, Topics.MODELS)).isOne();
            }

            produce(kafka, Topics.MODELS, "combiner", model);
            assertThat(readAll(kafka, Topics.MODELS)).containsExactly(model);
        }

        try (EmbeddedKafka restarted = EmbeddedKafka.start(config)) {
            restarted.createTopics(Topics.ALL); // idempotent: existing topics are left as they are

            assertThat(readAll(restarted, Topics.MODELS)).containsExactly(model);
        }
        assertThat(dataDir).as("a given data directory is kept").isNotEmptyDirectory();
    }

    @Test
    void aPoisonRecordSurfacesAsADeserializationErrorWithItsOffset() throws Exception {
        Topic<String, ModelVersion> models = Topics.MODELS;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(models.withPartitions(2));
            try (Admin admin = admin(kafka)) {
                assertThat(partitions(admin, models)).isEqualTo(2);
            }
            try (KafkaProducer<byte[], byte[]> raw =
                    new KafkaProducer<>(producerConfig(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(
                                models.name(), 0, "combiner".getBytes(StandardCharsets.UTF_8), new byte[] {
                                    'n', 'o', 'p', 'e'
                                }))
                        .get();
            }

            try (KafkaConsumer<String, ModelVersion> consumer = consumer(kafka, models)) {
                consumer.assign(List.of(new TopicPartition(models.name(), 0)));
                consumer.seekToBeginning(consumer.assignment());

                assertThatThrownBy(() -> consumer.poll(WAIT))
                        .isInstanceOf(RecordDeserializationException.class)
                        .satisfies(e -> assertThat(((RecordDeserializationException) e).offset())
                                .isZero())
                        .cause()
                        .isInstanceOf(RecordDecodingException.class)
                        .hasMessageContaining("NOT_SINGLE_OBJECT_ENCODED");
            }
        }
    }

    @Test
    void closeStopsTheBrokerAndDeletesItsTemporaryDirectory() {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDefaultPartitions(3));
        Path dataDir = kafka.dataDir();
        assertThat(dataDir).isDirectory();

        kafka.close();
        kafka.close();

        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void aBadConfigurationIsRefusedWithTheReason() {
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withDefaultPartitions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultPartitions must be >= 1, got 0");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 70000");
    }

    private static <K, V> void produce(EmbeddedKafka kafka, Topic<K, V> topic, K key, V value) throws Exception {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(
                producerConfig(kafka),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads a topic from the start to its current end, without a consumer group. */
    private static <K, V> List<V> readAll(EmbeddedKafka kafka, Topic<K, V> topic) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = consumer(kafka, topic)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), WAIT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime())
                        .as("read %s to its end in time", topic.name())
                        .isLessThan(deadline);
                for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static <K, V> KafkaConsumer<K, V> consumer(EmbeddedKafka kafka, Topic<K, V> topic) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    private static Map<String, Object> producerConfig(EmbeddedKafka kafka) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static Config config(Admin admin, Topic<?, ?> topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        return admin.describeConfigs(List.of(resource))
                .all()
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
    }

    private static String cleanupPolicy(Admin admin, Topic<?, ?> topic) throws Exception {
        return config(admin, topic).get("cleanup.policy").value();
    }

    private static int partitions(Admin admin, Topic<?, ?> topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic.name()))
                .allTopicNames()
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic.name());
        return description.partitions().size();
    }

    private static ModelVersion model(String version) {
        return ModelVersion.newBuilder()
                .setModelName("combiner")
                .setVersion(version)
                .setParentVersion(null)
                .setUri("file:///models/" + version + ".safetensors")
                .setSha256("0f".repeat(32))
                .setFeatureDim(640)
                .setProjectionDim(2560)
                .setHiddenDim(5120)
                .setEncoderVersion("RN50x4-1")
                .setMetrics(Map.of("recall_at_10", 0.4))
                .setTrainingSetSize(1_000L)
                .setCreatedAt(TIME)
                .build();
    }
}
